import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('PBSZ', () => {
  it('answers PBSZ=0 on a protected connection, whatever size was asked (RFC 4217 §9)', async () => {
    const context = new FakeContext({ security: { available: true, secured: true } });
    expect(await context.sendOne('PBSZ 0')).toMatchObject({ code: 200, lines: ['PBSZ=0'] });
    expect(await context.sendOne('PBSZ 1024')).toMatchObject({ code: 200, lines: ['PBSZ=0'] });
    expect(context.state.protectionBufferSize).toBe(0);
  });

  it('answers 503 before AUTH TLS', async () => {
    const context = new FakeContext({ security: { available: true } });
    expect((await context.sendOne('PBSZ 0')).code).toBe(503);
    expect(context.state.protectionBufferSize).toBeUndefined();
  });

  it('answers 501 to a size that is not a number', async () => {
    expect((await new FakeContext({ security: { available: true, secured: true } }).sendOne('PBSZ x')).code).toBe(501);
  });
});
