import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('SMNT', () => {
  it('is not implemented: 502', async () => {
    expect((await new FakeContext().sendOne('SMNT /other')).code).toBe(502);
  });

  it('needs a login', async () => {
    expect((await new FakeContext({ loggedIn: false }).sendOne('SMNT /other')).code).toBe(530);
  });
});
