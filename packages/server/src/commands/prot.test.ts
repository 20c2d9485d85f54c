import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

function protectedContext(options: { protectedDataRequired?: boolean } = {}): FakeContext {
  return new FakeContext({ security: { available: true, secured: true, ...options } });
}

describe('PROT', () => {
  it('switches between P and C after PBSZ (RFC 4217 §9)', async () => {
    const context = protectedContext();
    await context.send('PBSZ 0');
    expect((await context.sendOne('PROT P')).code).toBe(200);
    expect(context.state.dataProtection).toBe('private');
    expect((await context.sendOne('prot c')).code).toBe(200);
    expect(context.state.dataProtection).toBe('clear');
  });

  it('needs PBSZ first (RFC 2228 §3)', async () => {
    const context = protectedContext();
    expect((await context.sendOne('PROT P')).code).toBe(503);
    expect(context.state.dataProtection).toBe('clear');
  });

  it('needs a protected control connection', async () => {
    const context = new FakeContext({ security: { available: true } });
    expect((await context.sendOne('PROT P')).code).toBe(503);
  });

  it('answers 536 to S and E, 504 to anything else', async () => {
    const context = protectedContext();
    await context.send('PBSZ 0');
    expect((await context.sendOne('PROT S')).code).toBe(536);
    expect((await context.sendOne('PROT E')).code).toBe(536);
    expect((await context.sendOne('PROT X')).code).toBe(504);
    expect(context.state.dataProtection).toBe('clear');
  });

  it('refuses PROT C with 534 where policy requires protected data', async () => {
    const context = protectedContext({ protectedDataRequired: true });
    await context.send('PBSZ 0');
    await context.send('PROT P');
    expect((await context.sendOne('PROT C')).code).toBe(534);
    expect(context.state.dataProtection).toBe('private');
  });

  it('REIN goes back to PROT C and forgets PBSZ', async () => {
    const context = protectedContext();
    await context.send('PBSZ 0');
    await context.send('PROT P');
    await context.send('REIN');
    expect(context.state.dataProtection).toBe('clear');
    expect(context.state.protectionBufferSize).toBeUndefined();
  });
});
