import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('EPRT', () => {
  it("accepts the client's own IPv4 and IPv6 address (RFC 2428 §2)", async () => {
    const v4 = new FakeContext();
    expect((await v4.sendOne('EPRT |1|127.0.0.1|51210|')).code).toBe(200);
    expect(v4.data.calls).toEqual([{ op: 'connectActive', host: '127.0.0.1', port: 51210 }]);
    const v6 = new FakeContext({ connection: { localAddress: '::1', remoteAddress: '::1' } });
    expect((await v6.sendOne('EPRT |2|::1|51210|')).code).toBe(200);
    expect(v6.data.calls).toEqual([{ op: 'connectActive', host: '::1', port: 51210 }]);
  });

  it('answers 522 to an unknown network protocol', async () => {
    const reply = await new FakeContext().sendOne('EPRT |3|127.0.0.1|51210|');
    expect(reply).toMatchObject({ code: 522 });
    expect(reply.lines[0]).toMatch(/\(1,2\)/);
  });

  it.each(['|1|127.0.0.1|', '|1|::1|51210|', '|1|127.0.0.1|99999|', '1|127.0.0.1|51210', '|x|127.0.0.1|51210|'])(
    'answers 501 to the malformed argument %s',
    async (arg) => {
      const context = new FakeContext();
      expect((await context.sendOne(`EPRT ${arg}`)).code).toBe(501);
      expect(context.data.calls).toEqual([]);
    },
  );

  it('refuses a foreign address unless the account may FXP, and privileged ports', async () => {
    expect((await new FakeContext().sendOne('EPRT |1|10.1.2.3|51210|')).code).toBe(501);
    expect((await new FakeContext({ allowFxp: true }).sendOne('EPRT |1|10.1.2.3|51210|')).code).toBe(200);
    expect((await new FakeContext().sendOne('EPRT |1|127.0.0.1|21|')).code).toBe(504);
  });

  it('is refused after EPSV ALL (RFC 2428 §4)', async () => {
    const context = new FakeContext();
    await context.send('EPSV ALL');
    expect((await context.sendOne('EPRT |1|127.0.0.1|51210|')).code).toBe(501);
  });
});
