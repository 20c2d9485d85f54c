import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('ACCT', () => {
  it('is superfluous here: 202 (RFC 959 §4.2)', async () => {
    const context = new FakeContext({ loggedIn: false });
    expect((await context.sendOne('ACCT billing')).code).toBe(202);
  });

  it('needs an argument', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('ACCT')).code).toBe(501);
  });
});
