import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('PORT', () => {
  it("accepts the client's own address and prepares an active connection (RFC 959 §4.1.2)", async () => {
    const context = new FakeContext();
    expect((await context.sendOne('PORT 127,0,0,1,200,10')).code).toBe(200);
    expect(context.data.calls).toEqual([{ op: 'connectActive', host: '127.0.0.1', port: 200 * 256 + 10 }]);
  });

  it('refuses a foreign address unless the account may FXP (RFC 2577 §3)', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('PORT 10,1,2,3,200,10')).code).toBe(501);
    expect(context.data.calls).toEqual([]);
    const fxp = new FakeContext({ allowFxp: true });
    expect((await fxp.sendOne('PORT 10,1,2,3,200,10')).code).toBe(200);
    expect(fxp.data.calls).toEqual([{ op: 'connectActive', host: '10.1.2.3', port: 51210 }]);
  });

  it('refuses privileged ports with 504 (RFC 2577 §3)', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('PORT 127,0,0,1,0,21')).code).toBe(504);
    expect((await context.sendOne('PORT 127,0,0,1,3,255')).code).toBe(504);
    expect(context.data.calls).toEqual([]);
  });

  it.each(['127,0,0,1,200', '127,0,0,1,200,10,1', '256,0,0,1,200,10', 'a,b,c,d,e,f', '127.0.0.1:51210', '127,0,0,1,0,0'])(
    'answers 501 to the malformed argument %s',
    async (arg) => {
      const context = new FakeContext();
      expect((await context.sendOne(`PORT ${arg}`)).code).toBe(501);
      expect(context.data.calls).toEqual([]);
    },
  );

  it('is refused after EPSV ALL (RFC 2428 §4)', async () => {
    const context = new FakeContext();
    await context.send('EPSV ALL');
    expect((await context.sendOne('PORT 127,0,0,1,200,10')).code).toBe(501);
  });

  it('needs a login', async () => {
    expect((await new FakeContext({ loggedIn: false }).sendOne('PORT 127,0,0,1,200,10')).code).toBe(530);
  });
});
