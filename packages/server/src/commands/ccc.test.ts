import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('CCC', () => {
  it('is refused with 534 and leaves the connection protected (RFC 4217 §5)', async () => {
    const context = new FakeContext({ security: { available: true, secured: true } });
    expect((await context.sendOne('CCC')).code).toBe(534);
    expect(context.security.secured).toBe(true);
  });

  it('takes no argument', async () => {
    expect((await new FakeContext().sendOne('CCC x')).code).toBe(501);
  });
});
