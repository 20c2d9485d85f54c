import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('NOOP', () => {
  it('answers 200, also before login', async () => {
    expect((await new FakeContext({ loggedIn: false }).sendOne('NOOP')).code).toBe(200);
  });

  it('takes no argument', async () => {
    expect((await new FakeContext().sendOne('NOOP x')).code).toBe(501);
  });
});
