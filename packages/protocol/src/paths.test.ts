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

  it('refuses inputs longer than 4096 characters', () => {
    expect(MAX_PATH_INPUT_LENGTH).toBe(4096);
    expect(isAcceptablePathInput('x'.repeat(MAX_PATH_INPUT_LENGTH + 1))).toBe(false);
  });
});
