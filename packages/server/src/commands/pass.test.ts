import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('PASS', () => {
  it('logs the user in with the right password', async () => {
    const context = new FakeContext({ loggedIn: false });
    await context.send('USER alice');
    expect(await context.sendOne('PASS secret')).toMatchObject({ code: 230, lines: ['User alice logged in.'] });
    expect(context.state.account?.username).toBe('alice');
    expect((await context.sendOne('PWD')).code).toBe(257);
  });

  it('answers 530 to a wrong password and stays logged out', async () => {
    const context = new FakeContext({ loggedIn: false });
    await context.send('USER alice');
    expect((await context.sendOne('PASS wrong')).code).toBe(530);
    expect(context.state.account).toBeUndefined();
    expect((await context.sendOne('PWD')).code).toBe(530);
  });

  it('needs USER first (RFC 959 §5.4: 503 bad sequence)', async () => {
    const context = new FakeContext({ loggedIn: false });
    expect((await context.sendOne('PASS secret')).code).toBe(503);
    expect(context.state.account).toBeUndefined();
  });

  it('uses up the USER: a second PASS needs a new USER', async () => {
    const context = new FakeContext({ loggedIn: false });
    await context.send('USER alice');
    await context.send('PASS wrong');
    expect((await context.sendOne('PASS secret')).code).toBe(503);
  });

  it('closes the connection with 421 after maxLoginFailures failed attempts', async () => {
    const context = new FakeContext({ loggedIn: false, maxLoginFailures: 2 });
    await context.send('USER alice');
    expect((await context.sendOne('PASS wrong')).code).toBe(530);
    expect(context.closed).toBe(false);
    await context.send('USER alice');
    expect((await context.sendOne('PASS wrong')).code).toBe(421);
    expect(context.closed).toBe(true);
  });

  it.each([
    ['banned', 421, true],
    ['user-limit', 421, true],
    ['disconnect', 421, true],
  ] as const)('answers a %s outcome with %d and closes', async (outcome, code, closes) => {
    const context = new FakeContext({ loggedIn: false, failedLogin: outcome });
    await context.send('USER alice');
    expect((await context.sendOne('PASS wrong')).code).toBe(code);
    expect(context.closed).toBe(closes);
    expect(context.state.account).toBeUndefined();
  });

  it('answers 530 and stays open when the account requires TLS on a plain connection', async () => {
    const context = new FakeContext({ loggedIn: false, requireTls: true });
    await context.send('USER alice');
    const reply = await context.sendOne('PASS secret');
    expect(reply.code).toBe(530);
    expect(reply.lines[0]).toContain('TLS');
    expect(context.closed).toBe(false);
    expect(context.state.account).toBeUndefined();
  });

  it('logs an account that requires TLS in over a protected connection', async () => {
    const context = new FakeContext({ loggedIn: false, requireTls: true, security: { available: true, secured: true } });
    await context.send('USER alice');
    expect((await context.sendOne('PASS secret')).code).toBe(230);
  });
});

