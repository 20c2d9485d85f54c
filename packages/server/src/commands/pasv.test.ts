import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('PASV', () => {
  it('opens a listener and announces our address and port (RFC 959 §4.1.2)', async () => {
    const context = new FakeContext();
    context.data.passivePort = 50_123;
    expect(await context.sendOne('PASV')).toMatchObject({ code: 227, lines: ['Entering Passive Mode (127,0,0,1,195,203).'] });
    expect(context.data.calls).toEqual([{ op: 'listenPassive' }]);
  });

  it('announces the configured public address', async () => {
    const context = new FakeContext({ publicAddress: '203.0.113.7' });
    context.data.passivePort = 1025;
    expect((await context.sendOne('PASV')).lines[0]).toBe('Entering Passive Mode (203,0,113,7,4,1).');
  });

  it('answers 425 on an IPv6 control connection (use EPSV, RFC 2428)', async () => {
    const context = new FakeContext({ connection: { localAddress: '::1', remoteAddress: '::1' } });
    expect((await context.sendOne('PASV')).code).toBe(425);
    expect(context.data.calls).toEqual([]);
  });

  it('is refused after EPSV ALL (RFC 2428 §4)', async () => {
    const context = new FakeContext();
    await context.send('EPSV ALL');
    expect((await context.sendOne('PASV')).code).toBe(501);
    expect(context.data.calls).toEqual([]);
  });

  it('needs a login and no argument', async () => {
    expect((await new FakeContext({ loggedIn: false }).sendOne('PASV')).code).toBe(530);
    expect((await new FakeContext().sendOne('PASV 1')).code).toBe(501);
  });
});
