import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('USER', () => {
  it('asks for the password and remembers the name (RFC 959 §4.1.1)', async () => {
    const context = new FakeContext({ loggedIn: false });
    expect(await context.sendOne('USER alice')).toMatchObject({ code: 331, lines: ['Password required for alice.'] });
    expect(context.state.pendingUser).toBe('alice');
  });

  it('refuses a second login on a logged-in session', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('USER bob')).code).toBe(503);
    expect(context.state.account?.username).toBe('alice');
  });

  it('needs a user name', async () => {
    const context = new FakeContext({ loggedIn: false });
    expect((await context.sendOne('USER')).code).toBe(501);
    expect(context.state.pendingUser).toBeUndefined();
  });

  it('answers 530 on a plain connection when logins require TLS (RFC 4217 §4.2)', async () => {
    const context = new FakeContext({ loggedIn: false, security: { available: true, loginRequiresTls: true } });
    expect((await context.sendOne('USER alice')).code).toBe(530);
    expect(context.state.pendingUser).toBeUndefined();
  });

  it('accepts USER over TLS when logins require it', async () => {
    const context = new FakeContext({ loggedIn: false, security: { available: true, loginRequiresTls: true, secured: true } });
    expect((await context.sendOne('USER alice')).code).toBe(331);
  });
});
