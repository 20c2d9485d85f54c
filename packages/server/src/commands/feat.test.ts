import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { commandTable } from './index.js';

function features(lines: readonly string[]): string[] {
  return lines.slice(1, -1);
}

describe('FEAT', () => {
  it('lists every extension of the command table between "Features:" and "End" (RFC 2389 §3.2)', async () => {
    const context = new FakeContext({ loggedIn: false });
    const reply = await context.sendOne('FEAT');
    expect(reply.code).toBe(211);
    expect(reply.lines[0]).toBe('Features:');
    expect(reply.lines.at(-1)).toBe('End');
    expect(features(reply.lines)).toEqual([
      'EPRT',
      'EPSV',
      'HASH SHA-256*;SHA-1;MD5;CRC32',
      'MDTM',
      'MFMT',
      'MLST type*;size*;modify*;perm*;',
      'REST STREAM',
      'SIZE',
      'TVFS',
      'UTF8',
    ]);
  });

  it('has one line per command that declares a feature, when TLS is configured', async () => {
    const reply = await new FakeContext({ security: { available: true } }).sendOne('FEAT');
    const declaring = commandTable.specs.filter((spec) => spec.feature !== undefined);
    expect(features(reply.lines)).toHaveLength(declaring.length);
  });

  it('announces AUTH TLS, PBSZ and PROT only when TLS is configured (RFC 4217 §6)', async () => {
    const withTls = features((await new FakeContext({ security: { available: true } }).sendOne('FEAT')).lines);
    expect(withTls).toEqual(expect.arrayContaining(['AUTH TLS', 'PBSZ', 'PROT']));
    const without = features((await new FakeContext().sendOne('FEAT')).lines);
    expect(without.filter((line) => /^(AUTH|PBSZ|PROT)\b/.test(line))).toEqual([]);
  });

  it('stars the selected HASH algorithm and the enabled MLST facts', async () => {
    const context = new FakeContext();
    await context.send('OPTS HASH MD5');
    await context.send('OPTS MLST type;size;');
    const lines = features((await context.sendOne('FEAT')).lines);
    expect(lines).toContain('HASH SHA-256;SHA-1;MD5*;CRC32');
    expect(lines).toContain('MLST type*;size*;modify;perm;');
  });

  it('takes no argument', async () => {
    expect((await new FakeContext().sendOne('FEAT x')).code).toBe(501);
  });
});
