/**
 * Typed storage errors. Every driver classifies its own backend failures into one of these kinds;
 * the protocol core maps kinds to FTP replies in one place. The backend's own message stays in
 * `cause` for the logs and never reaches the wire.
 */
export type StorageErrorKind =
  | 'not-found'
  | 'exists'
  | 'not-empty'
  | 'not-a-directory'
  | 'is-a-directory'
  | 'permission'
  | 'quota'
  | 'invalid-name'
  | 'invalid-argument'
  | 'unsupported'
  | 'unavailable'
  /**
   * The storage itself does not exist (a bucket that was deleted or never created): a configuration
   * error that retrying will not fix, unlike `unavailable`.
   */
  | 'storage-missing'
  | 'aborted';

export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStorageError(error: unknown, kind?: StorageErrorKind): error is StorageError {
  return error instanceof StorageError && (kind === undefined || error.kind === kind);
}

/** Convenience constructors, so drivers read as `throw notFound(path)`. */
export const notFound = (path: string, cause?: unknown) => new StorageError('not-found', `not found: ${path}`, { cause });
export const alreadyExists = (path: string) => new StorageError('exists', `already exists: ${path}`);
export const notEmpty = (path: string) => new StorageError('not-empty', `directory not empty: ${path}`);
export const notADirectory = (path: string) => new StorageError('not-a-directory', `not a directory: ${path}`);
export const isADirectory = (path: string) => new StorageError('is-a-directory', `is a directory: ${path}`);
export const invalidArgument = (message: string) => new StorageError('invalid-argument', message);
export const unsupported = (what: string) => new StorageError('unsupported', `not supported: ${what}`);
export const aborted = (cause?: unknown) => new StorageError('aborted', 'operation aborted', { cause });
