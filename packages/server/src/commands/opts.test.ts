import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('OPTS', () => {
  it('accepts UTF8 ON (RFC 2640 §3.2), also before login', async () => {
    const context = new FakeContext({ loggedIn: false });
    expect((await context.sendOne('OPTS UTF8 ON')).code).toBe(200);
    expect((await context.sendOne('opts utf8 on')).code).toBe(200);
  });

  it('does not turn UTF8 off', async () => {
    expect((await new FakeContext().sendOne('OPTS UTF8 OFF')).code).toBe(504);
  });

  it('selects MLST facts and echoes the selection (RFC 3659 §7.9)', async () => {
    const context = new FakeContext();
    expect(await context.sendOne('OPTS MLST Size;type;unknown;')).toMatchObject({ code: 200, lines: ['MLST OPTS type;size;'] });
    expect(context.state.mlstFacts).toEqual(['type', 'size']);
    expect(await context.sendOne('OPTS MLST')).toMatchObject({ code: 200, lines: ['MLST OPTS '] });
    expect(context.state.mlstFacts).toEqual([]);
  });

  it('selects a HASH algorithm, case-insensitively', async () => {
    const context = new FakeContext();
    expect(await context.sendOne('OPTS HASH sha-1')).toMatchObject({ code: 200, lines: ['SHA-1'] });
    expect(context.state.hashAlgorithm).toBe('SHA-1');
    expect(await context.sendOne('OPTS HASH')).toMatchObject({ code: 200, lines: ['SHA-1'] });
  });

  it('answers 501 to an unknown HASH algorithm and keeps the selection', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('OPTS HASH BLAKE3')).code).toBe(501);
    expect(context.state.hashAlgorithm).toBe('SHA-256');
  });

  it('answers 501 to an unknown option and to no option at all', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('OPTS FROB on')).code).toBe(501);
    expect((await context.sendOne('OPTS')).code).toBe(501);
  });
});
