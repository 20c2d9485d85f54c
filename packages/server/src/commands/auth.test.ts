import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('AUTH', () => {
  it('answers 234 and starts TLS on the control connection (RFC 4217 §4.1)', async () => {
    const context = new FakeContext({ loggedIn: false, security: { available: true } });
    expect(await context.sendOne('AUTH TLS')).toMatchObject({ code: 234 });
    expect(context.security.tlsStarts).toBe(1);
  });

  it.each(['tls', 'TLS-C', 'SSL'])('accepts the mechanism name %s', async (mechanism) => {
    const context = new FakeContext({ loggedIn: false, security: { available: true } });
    expect((await context.sendOne(`AUTH ${mechanism}`)).code).toBe(234);
  });

  it('forgets a USER sent before it', async () => {
    const context = new FakeContext({ loggedIn: false, security: { available: true } });
    await context.send('USER alice');
    await context.send('AUTH TLS');
    expect((await context.sendOne('PASS secret')).code).toBe(503);
  });

  it('answers 502 when TLS is not configured', async () => {
    const context = new FakeContext({ loggedIn: false });
    expect((await context.sendOne('AUTH TLS')).code).toBe(502);
    expect(context.security.tlsStarts).toBe(0);
  });

  it('answers 504 to other mechanisms (RFC 2228 §3)', async () => {
    const context = new FakeContext({ loggedIn: false, security: { available: true } });
    expect((await context.sendOne('AUTH GSSAPI')).code).toBe(504);
    expect(context.security.tlsStarts).toBe(0);
  });

  it('answers 503 on a connection that is already protected, and after login', async () => {
    const secured = new FakeContext({ loggedIn: false, security: { available: true, secured: true } });
    expect((await secured.sendOne('AUTH TLS')).code).toBe(503);
    const loggedIn = new FakeContext({ security: { available: true } });
    expect((await loggedIn.sendOne('AUTH TLS')).code).toBe(503);
    expect(secured.security.tlsStarts + loggedIn.security.tlsStarts).toBe(0);
  });

  it('needs an argument', async () => {
    expect((await new FakeContext({ loggedIn: false, security: { available: true } }).sendOne('AUTH')).code).toBe(501);
  });
});
