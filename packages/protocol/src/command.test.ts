import { describe, expect, it } from 'vitest';
import { parseCommand, type ParseResult } from './command.js';

function parse(text: string): ParseResult {
  return parseCommand(Buffer.from(text, 'utf8'));
}

describe('parseCommand', () => {
  it('splits verb and argument', () => {
    expect(parse('RETR file.txt')).toEqual({ ok: true, command: { verb: 'RETR', arg: 'file.txt' } });
  });

  it('upper-cases the verb', () => {
    expect(parse('retr a')).toEqual({ ok: true, command: { verb: 'RETR', arg: 'a' } });
    expect(parse('Noop')).toEqual({ ok: true, command: { verb: 'NOOP', arg: '' } });
  });

  it('gives an empty argument when there is none', () => {
    expect(parse('PWD')).toEqual({ ok: true, command: { verb: 'PWD', arg: '' } });
    expect(parse('PWD ')).toEqual({ ok: true, command: { verb: 'PWD', arg: '' } });
  });

  it('keeps leading and trailing spaces of the argument after the first space', () => {
    expect(parse('STOR  spaced name ')).toEqual({ ok: true, command: { verb: 'STOR', arg: ' spaced name ' } });
    expect(parse('CWD a b  c')).toEqual({ ok: true, command: { verb: 'CWD', arg: 'a b  c' } });
  });

  it('trims spaces before the verb', () => {
    expect(parse('   NOOP')).toEqual({ ok: true, command: { verb: 'NOOP', arg: '' } });
    expect(parse('  CWD  x')).toEqual({ ok: true, command: { verb: 'CWD', arg: ' x' } });
  });

  it('decodes UTF-8 arguments (RFC 2640)', () => {
    expect(parse('MKD Ünïcödé 日本')).toEqual({ ok: true, command: { verb: 'MKD', arg: 'Ünïcödé 日本' } });
  });

  it('refuses invalid UTF-8', () => {
    expect(parseCommand(Buffer.from([0x52, 0x45, 0x54, 0x52, 0x20, 0xc3, 0x28]))).toEqual({
      ok: false,
      reason: 'invalid-utf8',
    });
    expect(parseCommand(Buffer.from([0x43, 0x57, 0x44, 0x20, 0xff]))).toEqual({ ok: false, reason: 'invalid-utf8' });
    // Overlong encoding of '/'.
    expect(parseCommand(Buffer.from([0x43, 0x57, 0x44, 0x20, 0xc0, 0xaf]))).toEqual({
      ok: false,
      reason: 'invalid-utf8',
    });
  });

  it('keeps a leading byte-order mark in the text instead of silently dropping it', () => {
    expect(parse('\uFEFFNOOP')).toEqual({ ok: false, reason: 'bad-verb' });
  });

  it('refuses verbs that are not 1–8 ASCII letters', () => {
    for (const line of ['', '   ', 'NO0P', 'ABCDEFGHI x', 'RE-TR', 'ÜSER x', 'NOOP\t', '\tNOOP', '123']) {
      expect(parse(line), JSON.stringify(line)).toEqual({ ok: false, reason: 'bad-verb' });
    }
  });

  it('accepts verbs of one and of eight letters', () => {
    expect(parse('A')).toEqual({ ok: true, command: { verb: 'A', arg: '' } });
    expect(parse('abcdefgh z')).toEqual({ ok: true, command: { verb: 'ABCDEFGH', arg: 'z' } });
  });
});
