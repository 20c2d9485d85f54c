import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('REIN', () => {
  it('logs out and resets the session settings, keeping the connection (RFC 959 §4.1.1)', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/d');
    await context.send('CWD d');
    await context.send('TYPE I');
    await context.send('REST 5');
    await context.send('PASV');
    expect(await context.sendOne('REIN')).toMatchObject({ code: 220 });
    expect(context.state.account).toBeUndefined();
    expect(context.state).toMatchObject({ cwd: '/', type: 'ascii', restOffset: 0 });
    expect(context.data.calls.at(-1)).toEqual({ op: 'reset' });
    expect(context.closed).toBe(false);
    expect((await context.sendOne('PWD')).code).toBe(530);
  });

  it('does not reset the count of failed logins on the connection', async () => {
    const context = new FakeContext({ loggedIn: false, maxLoginFailures: 2 });
    await context.send('USER alice');
    expect((await context.sendOne('PASS wrong')).code).toBe(530);
    await context.send('REIN');
    await context.send('USER alice');
    expect((await context.sendOne('PASS wrong')).code).toBe(421);
    expect(context.closed).toBe(true);
  });
});
