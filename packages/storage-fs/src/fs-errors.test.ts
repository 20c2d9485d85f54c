import { describe, expect, it } from 'vitest';
import { StorageError } from '@bucketftp/storage';
import { toStorageError } from './fs-errors.js';

const errno = (code: string) => Object.assign(new Error(`${code}: raw backend text`), { code, syscall: 'open' });

describe('toStorageError', () => {
  it.each([
    ['ENOENT', 'not-found'],
    ['EEXIST', 'exists'],
    ['ENOTEMPTY', 'not-empty'],
    ['ENOTDIR', 'not-a-directory'],
    ['EISDIR', 'is-a-directory'],
    ['EACCES', 'permission'],
    ['EPERM', 'permission'],
    ['ENOSPC', 'quota'],
    ['EDQUOT', 'quota'],
    ['ENAMETOOLONG', 'invalid-name'],
    ['EIO', 'unavailable'],
    ['EMFILE', 'unavailable'],
  ])('classifies %s as %s, keeping the original as cause and out of the message', (code, kind) => {
    const original = errno(code);
    const classified = toStorageError(original, '/virtual/path');
    expect(classified).toBeInstanceOf(StorageError);
    expect(classified.kind).toBe(kind);
    expect(classified.cause).toBe(original);
    expect(classified.message).not.toContain('raw backend text');
    expect(classified.message).toContain('/virtual/path');
  });

  it('classifies an error without a code as unavailable', () => {
    expect(toStorageError(new Error('odd'), '/p').kind).toBe('unavailable');
    expect(toStorageError('not even an error', '/p').kind).toBe('unavailable');
  });

  it('passes a StorageError through unchanged', () => {
    const original = new StorageError('aborted', 'operation aborted');
    expect(toStorageError(original, '/p')).toBe(original);
  });
});
