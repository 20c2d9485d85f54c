import { describe, expect, it } from 'vitest';
import { KeyMapper } from './keys.js';

describe('key mapping', () => {
  it('maps paths onto the bucket root without a prefix', () => {
    const keys = new KeyMapper();
    expect(keys.fileKey('/a/b.txt')).toBe('a/b.txt');
    expect(keys.dirPrefix('/a')).toBe('a/');
    expect(keys.dirPrefix('/')).toBe('');
  });

  it.each(['home/alice', '/home/alice/', 'home/alice//'])('normalises the prefix %j to one trailing slash', (prefix) => {
    const keys = new KeyMapper(prefix);
    expect(keys.fileKey('/a b/é 日本 #%+.txt')).toBe('home/alice/a b/é 日本 #%+.txt');
    expect(keys.dirPrefix('/')).toBe('home/alice/');
    expect(keys.dirPrefix('/d')).toBe('home/alice/d/');
  });

  it('rejects a prefix with an empty segment', () => {
    expect(() => new KeyMapper('a//b')).toThrow(RangeError);
  });

  it('names children, hiding the marker and names FTP paths cannot express', () => {
    const keys = new KeyMapper('p');
    expect(keys.childName('p/d/', 'p/d/file')).toBe('file');
    expect(keys.childName('p/d/', 'p/d/sub/')).toBe('sub');
    expect(keys.childName('p/d/', 'p/d/')).toBeUndefined();
    expect(keys.childName('p/d/', 'p/d//')).toBeUndefined();
    expect(keys.childName('p/d/', 'p/d/../')).toBeUndefined();
    expect(keys.childName('p/d/', 'p/d/.')).toBeUndefined();
    expect(keys.childName('p/d/', 'p/other')).toBeUndefined();
  });
});
