import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('SYST', () => {
  it('answers 215 UNIX Type: L8, also before login', async () => {
    const context = new FakeContext({ loggedIn: false });
    expect(await context.sendOne('SYST')).toMatchObject({ code: 215, lines: ['UNIX Type: L8'] });
  });

  it('takes no argument', async () => {
    expect((await new FakeContext().sendOne('SYST now')).code).toBe(501);
  });
});
