import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameGlob, parseNamePattern } from './name-pattern.js';

function matches(pattern: string, name: string): boolean {
  const parsed = parseNamePattern(pattern);
  if (!parsed) throw new Error(`"${pattern}" has no wildcard`);
  return parsed.matches(name);
}

describe('parseNamePattern', () => {
  it('returns undefined for a segment without wildcards', () => {
    for (const literal of ['a.csv', '', 'x]y', 'a[b', '[', '[!', '[]', '[!]', 'caf\u00e9', 'a-b']) {
      expect(parseNamePattern(literal), literal).toBeUndefined();
    }
  });

  it('* matches any run of characters, the empty one and a leading dot included', () => {
    expect(matches('*.csv', 'a.csv')).toBe(true);
    expect(matches('*.csv', '.csv')).toBe(true);
    expect(matches('*.csv', 'report.2024.csv')).toBe(true);
    expect(matches('*.csv', 'a.csv.bak')).toBe(false);
    expect(matches('*', '.hidden')).toBe(true);
    expect(matches('*', '')).toBe(true);
    expect(matches('a*b*c', 'abc')).toBe(true);
    expect(matches('a*b*c', 'axxbyyc')).toBe(true);
    expect(matches('a*b*c', 'axxbyy')).toBe(false);
    expect(matches('**', 'x')).toBe(true);
  });

  it('? matches exactly one character (one code point)', () => {
    expect(matches('file?.bin', 'file1.bin')).toBe(true);
    expect(matches('file?.bin', 'file.bin')).toBe(false);
    expect(matches('file?.bin', 'file12.bin')).toBe(false);
    expect(matches('?', '\u{1f600}')).toBe(true);
    expect(matches('caf?', 'caf\u00e9')).toBe(true);
  });

  it('[...] matches one member of a set or range', () => {
    expect(matches('[abc].txt', 'b.txt')).toBe(true);
    expect(matches('[abc].txt', 'd.txt')).toBe(false);
    expect(matches('log[0-9]', 'log7')).toBe(true);
    expect(matches('log[0-9]', 'logx')).toBe(false);
    expect(matches('[a-cx-z]', 'y')).toBe(true);
    expect(matches('[a-]', '-')).toBe(true);
    expect(matches('[]a]', ']')).toBe(true);
    expect(matches('[z-a]', 'm')).toBe(false);
  });

  it('[!...] and [^...] negate the set', () => {
    expect(matches('[!0-9]*', 'a1')).toBe(true);
    expect(matches('[!0-9]*', '1a')).toBe(false);
    expect(matches('[^ab]', 'c')).toBe(true);
    expect(matches('[^ab]', 'a')).toBe(false);
    expect(matches('[!]]', ']')).toBe(false);
    expect(matches('[!]]', 'x')).toBe(true);
  });

  it('treats an unclosed [ and every other character literally', () => {
    expect(matches('a[b*', 'a[bcd')).toBe(true);
    expect(matches('a[b*', 'abcd')).toBe(false);
    expect(matches('*.(x)+', 'q.(x)+')).toBe(true);
    expect(matches('*.(x)+', 'q.xx')).toBe(false);
    expect(matches('\\*', '\\abc')).toBe(true);
  });

  it('is case-sensitive', () => {
    expect(matches('*.CSV', 'a.csv')).toBe(false);
  });

  it('matches a pathological pattern against a long name without backtracking blow-up', () => {
    const pattern = `${'*a'.repeat(200)}*b`;
    expect(matches(pattern, 'a'.repeat(2000))).toBe(false);
    expect(matches(pattern, `${'a'.repeat(2000)}b`)).toBe(true);
  });

  it('agrees with a reference regular expression on simple patterns (property)', () => {
    const piece = fc.constantFrom('*', '?', 'a', 'b', '.', '[ab]', '[!a]');
    const name = fc.array(fc.constantFrom('a', 'b', 'c', '.'), { maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), name, (pieces, text) => {
        const pattern = pieces.join('');
        const parsed = parseNamePattern(pattern);
        const source = pieces.map((p) => (p === '*' ? '.*' : p === '?' ? '.' : p === '.' ? '\\.' : p === '[!a]' ? '[^a]' : p)).join('');
        const expected = new RegExp(`^${source}$`, 's').test(text);
        if (parsed) expect(parsed.matches(text), `${pattern} ~ ${text}`).toBe(expected);
        else expect(pattern === text).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nameGlob', () => {
  it('matches a literal glob by equality, and wildcards as parseNamePattern does', () => {
    expect(nameGlob('.htaccess').matches('.htaccess')).toBe(true);
    expect(nameGlob('.htaccess').matches('x.htaccess')).toBe(false);
    expect(nameGlob('a[b').matches('a[b')).toBe(true);
    expect(nameGlob('*.exe').matches('setup.exe')).toBe(true);
    expect(nameGlob('*.exe').matches('setup.EXE')).toBe(false);
    expect(nameGlob('[!.]*').matches('.profile')).toBe(false);
  });
});
