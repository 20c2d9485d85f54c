import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAcceptablePathInput, MAX_PATH_INPUT_LENGTH, resolvePath } from './paths.js';

function isNormalised(path: string): boolean {
  if (path === '/') return true;
  if (!path.startsWith('/') || path.endsWith('/')) return false;
  return path
    .slice(1)
    .split('/')
    .every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

describe('resolvePath', () => {
  it('resolves relative paths against the working directory', () => {
    expect(resolvePath('/', 'a')).toBe('/a');
    expect(resolvePath('/a/b', 'c/d.txt')).toBe('/a/b/c/d.txt');
    expect(resolvePath('/a/b', './c')).toBe('/a/b/c');
  });

  it('resolves absolute paths from the root', () => {
    expect(resolvePath('/a/b', '/x/y')).toBe('/x/y');
    expect(resolvePath('/a/b', '/')).toBe('/');
  });

  it('returns the working directory for empty input or "."', () => {
    expect(resolvePath('/a/b', '')).toBe('/a/b');
    expect(resolvePath('/a/b', '.')).toBe('/a/b');
    expect(resolvePath('/', '')).toBe('/');
  });

  it('removes empty segments and trailing slashes', () => {
    expect(resolvePath('/', '//a///b//')).toBe('/a/b');
    expect(resolvePath('/a', 'b/')).toBe('/a/b');
  });

  it('applies ".." segments', () => {
    expect(resolvePath('/a/b', '..')).toBe('/a');
    expect(resolvePath('/a/b', '../c')).toBe('/a/c');
    expect(resolvePath('/a/b', 'c/../../d')).toBe('/a/d');
  });

  it('never climbs above the root', () => {
    expect(resolvePath('/', '..')).toBe('/');
    expect(resolvePath('/', '../../..')).toBe('/');
    expect(resolvePath('/a', '../../../etc/passwd')).toBe('/etc/passwd');
    expect(resolvePath('/a/b', '/../../x')).toBe('/x');
    expect(resolvePath('/', 'a/../../b/./../..')).toBe('/');
  });

  it('treats backslashes, "~" and "..." as ordinary characters', () => {
    expect(resolvePath('/a', '..\\..\\etc')).toBe('/a/..\\..\\etc');
    expect(resolvePath('/a', '~')).toBe('/a/~');
    expect(resolvePath('/a', '~/x')).toBe('/a/~/x');
    expect(resolvePath('/a', '...')).toBe('/a/...');
  });

  it('keeps spaces and unicode inside segments', () => {
    expect(resolvePath('/', ' lead and trail ')).toBe('/ lead and trail ');
    expect(resolvePath('/日本', 'ünï/x')).toBe('/日本/ünï/x');
  });

  it('puts the input in Unicode NFC, so composed and decomposed names are the same path', () => {
    expect(resolvePath('/', 'cafe\u0301')).toBe('/caf\u00e9');
    expect(resolvePath('/', 'caf\u00e9')).toBe('/caf\u00e9');
    expect(resolvePath('/cafe', 'A\u030a/x')).toBe('/cafe/\u00c5/x');
    expect(resolvePath('/', '\uac00')).toBe('/\uac00');
    expect(resolvePath('/', '\u1100\u1161')).toBe('/\uac00');
  });

  it('normalises a working directory that was not normalised', () => {
    expect(resolvePath('/a/./b/../c/', 'd')).toBe('/a/c/d');
  });

  const segment = fc.oneof(
    fc.constantFrom('', '.', '..', '...', '~', '\\', 'a', 'b c', '日本'),
    fc.string({ maxLength: 6 }),
  );
  const rawPath = fc
    .tuple(fc.boolean(), fc.array(segment, { maxLength: 8 }), fc.boolean())
    .map(([absolute, segments, trailing]) => `${absolute ? '/' : ''}${segments.join('/')}${trailing ? '/' : ''}`);
  const cwd = rawPath.map((path) => resolvePath('/', path));

  it('always returns a normalised absolute path (property)', () => {
    fc.assert(
      fc.property(cwd, rawPath, (dir, input) => {
        expect(isNormalised(resolvePath(dir, input))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(cwd, rawPath, cwd, (dir, input, otherDir) => {
        const resolved = resolvePath(dir, input);
        expect(resolvePath(dir, resolved)).toBe(resolved);
        expect(resolvePath(otherDir, resolved)).toBe(resolved);
        expect(resolvePath(resolved, '')).toBe(resolved);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays inside the working directory for inputs without ".." (property)', () => {
    const safeSegment = segment.filter((s) => s !== '..' && !s.split('/').includes('..'));
    fc.assert(
      fc.property(cwd, fc.array(safeSegment, { maxLength: 8 }), (dir, segments) => {
        const resolved = resolvePath(dir, `./${segments.join('/')}`);
        expect(resolved === dir || resolved.startsWith(dir === '/' ? '/' : `${dir}/`)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('isAcceptablePathInput', () => {
  it('accepts ordinary paths', () => {
    expect(isAcceptablePathInput('/a/b c/ü.txt')).toBe(true);
    expect(isAcceptablePathInput('')).toBe(true);
    expect(isAcceptablePathInput('x'.repeat(MAX_PATH_INPUT_LENGTH))).toBe(true);
  });

  it('refuses NUL bytes', () => {
    expect(isAcceptablePathInput('a\0b')).toBe(false);
    expect(isAcceptablePathInput('\0')).toBe(false);
  });

  it('refuses C0 and C1 controls and DEL', () => {
    for (const code of [0x01, 0x07, 0x08, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9b, 0x9f]) {
      expect(isAcceptablePathInput(`a${String.fromCharCode(code)}b`), code.toString(16)).toBe(false);
    }
    expect(isAcceptablePathInput('a\u00a0b')).toBe(true); // NO-BREAK SPACE is not a control
  });

  it('refuses bidirectional embeddings, overrides and isolates', () => {
    for (let code = 0x202a; code <= 0x202e; code++) expect(isAcceptablePathInput(`x${String.fromCharCode(code)}gpj.exe`)).toBe(false);
    for (let code = 0x2066; code <= 0x2069; code++) expect(isAcceptablePathInput(`x${String.fromCharCode(code)}y`)).toBe(false);
    expect(isAcceptablePathInput('invoice\u202egpj.exe')).toBe(false);
    expect(isAcceptablePathInput('\u05e9\u05dc\u05d5\u05dd.txt')).toBe(true); // right-to-left letters themselves are fine
  });

  it('refuses noncharacters in every plane and lone surrogates', () => {
    for (const text of ['\uffff', '\ufffe', '\ufdd0', '\ufdef', '\u{1fffe}', '\u{1ffff}', '\u{10ffff}', '\u{efffe}', '\ud800', 'a\udc00']) {
      expect(isAcceptablePathInput(`n${text}`), JSON.stringify(text)).toBe(false);
    }
    for (const text of ['\ufdcf', '\ufdf0', '\ufffd', '\u{1f600}', '\u{1fffd}', '\u{10fffd}']) {
      expect(isAcceptablePathInput(`n${text}`), JSON.stringify(text)).toBe(true);
    }
  });

  it('refuses inputs longer than 4096 characters', () => {
    expect(MAX_PATH_INPUT_LENGTH).toBe(4096);
    expect(isAcceptablePathInput('x'.repeat(MAX_PATH_INPUT_LENGTH + 1))).toBe(false);
  });
});
