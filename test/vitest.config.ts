import { packageTestConfig } from '../vitest.shared.js';

// Real clients against real servers: generous per-test limits.
export default packageTestConfig('@bucketftp/e2e', {
  include: ['e2e/**/*.test.ts', 'bench/**/*.test.ts'],
  testTimeout: 60_000,
});
