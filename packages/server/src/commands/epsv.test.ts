import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

const IPV6 = { connection: { localAddress: '::1', remoteAddress: '::1' } };

describe('EPSV', () => {
  it('opens a listener and answers 229 (|||port|) (RFC 2428 §3)', async () => {
    const context = new FakeContext();
    context.data.passivePort = 50_123;
    expect(await context.sendOne('EPSV')).toMatchObject({ code: 229, lines: ['Entering Extended Passive Mode (|||50123|)'] });
    expect(context.data.calls).toEqual([{ op: 'listenPassive' }]);
  });

  it("accepts the control connection's own family and answers 522 for the other", async () => {
    const v4 = new FakeContext();
    expect((await v4.sendOne('EPSV 1')).code).toBe(229);
    expect(await v4.sendOne('EPSV 2')).toMatchObject({ code: 522, lines: ['Network protocol not supported, use (1)'] });
    const v6 = new FakeContext(IPV6);
    expect((await v6.sendOne('EPSV 2')).code).toBe(229);
    expect(await v6.sendOne('EPSV 1')).toMatchObject({ code: 522, lines: ['Network protocol not supported, use (2)'] });
    expect((await v6.sendOne('EPSV 7')).code).toBe(522);
  });

  it('EPSV ALL answers 200 and leaves EPSV as the only way to set up data connections (RFC 2428 §4)', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('EPSV ALL')).code).toBe(200);
    expect(context.state.epsvAll).toBe(true);
    expect(context.data.calls).toEqual([]);
    expect((await context.sendOne('EPSV')).code).toBe(229);
  });

  it('answers 501 to a malformed argument', async () => {
    expect((await new FakeContext().sendOne('EPSV fast')).code).toBe(501);
  });
});
