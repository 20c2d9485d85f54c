/** Node errno codes → storage error kinds; the original error stays as `cause`, for the logs only. */
import { StorageError, type StorageErrorKind } from '@bucketftp/storage';

const KIND_BY_CODE: ReadonlyMap<string, StorageErrorKind> = new Map([
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
]);

/** Classifies a failure of a file-system call about virtual `path`; StorageErrors pass through. */
export function toStorageError(error: unknown, path: string): StorageError {
  if (error instanceof StorageError) return error;
  const kind = KIND_BY_CODE.get(errorCode(error) ?? '') ?? 'unavailable';
  return new StorageError(kind, `${kind}: ${path}`, { cause: error });
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** ENOENT, or ENOTDIR from a file standing where a directory of the path should be. */
export function isNothingThere(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
