import { describe, expect, it } from 'vitest';
import { gcsObjectKeys } from './keys.js';

describe('GCS object names', () => {
  it('maps paths below a prefix, however the prefix was written', () => {
    for (const prefix of ['tenants/alice', '/tenants/alice/', 'tenants/alice/']) {
      const keys = gcsObjectKeys(prefix);
      expect(keys.file('/a/b.txt')).toBe('tenants/alice/a/b.txt');
      expect(keys.dir('/a')).toBe('tenants/alice/a/');
      expect(keys.dir('/')).toBe('tenants/alice/');
      expect(keys.tempRoot).toBe('.bucketftp-tmp/'); // bucket-wide, whatever the prefix
    }
  });

  it('maps paths at the bucket root without a prefix', () => {
    const keys = gcsObjectKeys();
    expect(keys.file('/x')).toBe('x');
    expect(keys.dir('/')).toBe('');
    expect(keys.temp('upload')).toMatch(/^\.bucketftp-tmp\/upload-[0-9a-f-]{36}$/);
  });

  it('reserves the temporaries prefix, under its configured name, for a user at the bucket root', () => {
    const keys = gcsObjectKeys('', '.staging');
    expect(keys.tempRoot).toBe('.staging/');
    expect(() => keys.check('/.staging')).toThrow(expect.objectContaining({ kind: 'invalid-name' }));
    expect(() => keys.check('/.staging/x')).toThrow(expect.objectContaining({ kind: 'invalid-name' }));
    expect(() => keys.check('/d/.staging')).not.toThrow();
    expect(() => keys.check('/.bucketftp-tmp')).not.toThrow();
    // Below a prefix the name is the user's: temporaries are not there.
    expect(() => gcsObjectKeys('home/a').check('/.bucketftp-tmp/x')).not.toThrow();
    expect(gcsObjectKeys('home/a', 'ops/ftp-tmp/').temp('head')).toMatch(/^ops\/ftp-tmp\/head-[0-9a-f-]{36}$/);
  });

  it('refuses a temporaries prefix that holds a storage, or lies in a folder of one', () => {
    expect(() => gcsObjectKeys('.bucketftp-tmp/home')).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => gcsObjectKeys('', 'ops/ftp-tmp/')).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => gcsObjectKeys('', '.well-known/acme-challenge/')).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
  });

  it('refuses names GCS cannot store', () => {
    const keys = gcsObjectKeys('p');
    for (const path of ['/a\nb', '/a\rb', `/${'x'.repeat(1022)}`, '/a//b', '/a/', '/./a']) {
      expect(() => keys.check(path), JSON.stringify(path)).toThrow(expect.objectContaining({ kind: 'invalid-name' }));
    }
    expect(() => gcsObjectKeys().check('/.well-known/acme-challenge/token')).toThrow(expect.objectContaining({ kind: 'invalid-name' }));
    expect(() => keys.check(`/${'x'.repeat(1021)}`)).not.toThrow();
  });
});
