/** Shared by the app's tests: a valid password hash, and the problems a rejected configuration names. */
import { ConfigError, parseConfig } from './load.js';

/** A well-formed scrypt hash (of no password anyone types). */
export const HASH = '$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * The problems `--check-config` would print for `yaml` (read as /etc/bucketftp/test.yaml, with no
 * environment variables); throws when the configuration is accepted.
 */
export function problems(yaml: string): readonly string[] {
  try {
    parseConfig(yaml, '/etc/bucketftp/test.yaml', { env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}
