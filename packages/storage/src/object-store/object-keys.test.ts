import { describe, expect, it } from 'vitest';
import { ObjectKeys } from './object-keys.js';

const GCS_LIKE = {
  maxNameBytes: 1024,
  tempPrefix: '.bucketftp-tmp/',
  refusesName: (name: string) => /[\r\n]/.test(name) || name.startsWith('.well-known/acme-challenge/'),
};

describe('ObjectKeys', () => {
  it('maps paths onto the bucket root without a prefix', () => {
    const keys = new ObjectKeys({ maxNameBytes: 1024 });
    expect(keys.file('/a/b.txt')).toBe('a/b.txt');
    expect(keys.dir('/a')).toBe('a/');
    expect(keys.dir('/')).toBe('');
    expect(keys.tempRoot).toBeUndefined();
  });

  it.each(['home/alice', '/home/alice/', 'home/alice//'])('normalises the prefix %j to one trailing slash', (prefix) => {
    const keys = new ObjectKeys({ prefix, ...GCS_LIKE });
    expect(keys.file('/a b/é 日本 #%+.txt')).toBe('home/alice/a b/é 日本 #%+.txt');
    expect(keys.dir('/')).toBe('home/alice/');
    expect(keys.dir('/d')).toBe('home/alice/d/');
    // One bucket-wide prefix for temporaries, whatever the user's prefix.
    expect(keys.tempRoot).toBe('.bucketftp-tmp/');
    expect(keys.temp('upload')).toMatch(/^\.bucketftp-tmp\/upload-[0-9a-f-]{36}$/);
    expect(() => keys.check('/.bucketftp-tmp')).not.toThrow();
  });

  it.each(['a//b', 'a/../b', './a', 'a/\nb'])('rejects the prefix %j', (prefix) => {
    expect(() => new ObjectKeys({ prefix, ...GCS_LIKE })).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
  });

  it('reserves the temporaries prefix where a path could name it, only when there is one', () => {
    const keys = new ObjectKeys({ ...GCS_LIKE, tempPrefix: '.staging' });
    expect(keys.tempRoot).toBe('.staging/');
    expect(() => keys.check('/.staging')).toThrow(expect.objectContaining({ kind: 'invalid-name' }));
    expect(() => keys.check('/.staging/x')).toThrow(expect.objectContaining({ kind: 'invalid-name' }));
    expect(() => keys.check('/.stagingx')).not.toThrow();
    expect(() => keys.check('/d/.staging')).not.toThrow();
    expect(() => keys.check('/.bucketftp-tmp')).not.toThrow();
    expect(keys.childName('', '.staging/')).toBeUndefined();
    expect(keys.childName('', '.stagingx/')).toBe('.stagingx');
    expect(() => new ObjectKeys({ maxNameBytes: 1024 }).check('/.bucketftp-tmp/x')).not.toThrow();
    // A nested prefix, one folder inside the user's: reserved and hidden there.
    const nested = new ObjectKeys({ ...GCS_LIKE, prefix: 'sys', tempPrefix: 'sys/ftp-tmp/' });
    expect(() => nested.check('/ftp-tmp/x')).toThrow(expect.objectContaining({ kind: 'invalid-name' }));
    expect(nested.childName('sys/', 'sys/ftp-tmp/')).toBeUndefined();
    expect(() => new ObjectKeys({ ...GCS_LIKE, prefix: 'home/a', tempPrefix: 'sys/ftp-tmp/' }).check('/ftp-tmp')).not.toThrow();
  });

  it.each([
    ['', '', 'not a valid prefix'],
    ['a//b/', '', 'not a valid prefix'],
    ['../tmp/', '', 'not a valid prefix'],
    ['/tmp', '', 'not a valid prefix'],
    ['tmp/', 'tmp/alice', 'lies inside the temporaries'],
    ['tmp/', 'tmp', 'lies inside the temporaries'],
    ['home/a/b/tmp/', 'home/a', 'lies inside a folder'],
    ['b/tmp/', '', 'lies inside a folder'],
  ])('refuses the temporaries prefix %j for the prefix %j', (tempPrefix, prefix, message) => {
    expect(() => new ObjectKeys({ ...GCS_LIKE, prefix, tempPrefix })).toThrow(
      expect.objectContaining({ kind: 'invalid-argument', message: expect.stringContaining(message) }),
    );
  });

  it('refuses names the store cannot hold: too long (as a directory too), or refused by the store', () => {
    const keys = new ObjectKeys({ prefix: 'p', ...GCS_LIKE });
    for (const path of ['/a\nb', '/a\rb', `/${'x'.repeat(1022)}`, '/a//b', '/a/', '/./a', '/a/../b']) {
      expect(() => keys.check(path), JSON.stringify(path)).toThrow(expect.objectContaining({ kind: 'invalid-name' }));
    }
    expect(() => new ObjectKeys(GCS_LIKE).check('/.well-known/acme-challenge/token')).toThrow(expect.objectContaining({ kind: 'invalid-name' }));
    expect(() => keys.check(`/${'x'.repeat(1021)}`)).not.toThrow();
    expect(() => keys.check(`/${'é'.repeat(511)}`)).toThrow(expect.objectContaining({ kind: 'invalid-name' })); // 1,022 bytes + 'p/' + '/'
    expect(() => new ObjectKeys({ maxNameBytes: 1024 }).check('/a\nb')).not.toThrow();
  });

  it('names children, hiding the marker, the temporaries and names paths cannot express', () => {
    const keys = new ObjectKeys({ prefix: 'p', ...GCS_LIKE });
    expect(keys.childName('p/d/', 'p/d/file')).toBe('file');
    expect(keys.childName('p/d/', 'p/d/sub/')).toBe('sub');
    expect(keys.childName('p/d/', 'p/d/')).toBeUndefined();
    expect(keys.childName('p/d/', 'p/d//')).toBeUndefined();
    expect(keys.childName('p/d/', 'p/d/../')).toBeUndefined();
    expect(keys.childName('p/d/', 'p/d/.')).toBeUndefined();
    expect(keys.childName('p/d/', 'p/other')).toBeUndefined();
    expect(keys.childName('', '.bucketftp-tmp/')).toBeUndefined(); // the temporaries, seen from the bucket root
    // A folder of that name below a prefix is the user's own (temporaries live at the bucket root).
    expect(keys.childName('p/', 'p/.bucketftp-tmp/')).toBe('.bucketftp-tmp');
  });
});
