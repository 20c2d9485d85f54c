import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('QUIT', () => {
  it('says goodbye with the session traffic, like the classic multi-line 221, and closes', async () => {
    const context = new FakeContext({ serverName: 'marge' });
    context.stats.record('listing', 190);
    context.stats.record('file', 340);
    context.stats.record('file', 340);
    context.stats.record('file', 1558);
    expect(await context.sendOne('QUIT')).toEqual({
      code: 221,
      style: 'hyphenated',
      lines: [
        'You have transferred 2238 bytes in 3 files.',
        'Total traffic for this session was 2428 bytes in 4 transfers.',
        'Thank you for using the FTP service on marge.',
        'Goodbye.',
      ],
    });
    expect(context.closed).toBe(true);
  });

  it('works before login and takes no argument', async () => {
    const context = new FakeContext({ loggedIn: false });
    expect((await context.sendOne('QUIT now')).code).toBe(501);
    expect(context.closed).toBe(false);
    expect((await context.sendOne('QUIT')).code).toBe(221);
  });
});
