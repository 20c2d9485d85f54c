/**
 * The one place S3 failures become typed storage errors. The SDK error is kept as `cause` for the
 * logs; its text never goes into the message (which may reach an FTP client's reply).
 */
import { StorageError, isStorageError, type StorageErrorKind } from '@bucketftp/storage';
import { networkErrorCode } from '@bucketftp/storage/object-store';

const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound']);
const PERMISSION_CODES = new Set(['AccessDenied', 'Forbidden', 'AllAccessDisabled', 'InvalidAccessKeyId', 'SignatureDoesNotMatch']);
const UNAVAILABLE_CODES = new Set([
  // A multipart upload that vanished (aborted elsewhere, expired by a lifecycle rule): not the file.
  'NoSuchUpload',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'RequestTimeTooSkewed',
  'TimeoutError',
  'ThrottlingException',
]);

interface SdkErrorFields {
  name?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** The kind of storage error an S3 (or network) failure stands for. */
export function s3ErrorKind(error: unknown): StorageErrorKind {
  if (isStorageError(error)) return error.kind;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorFields;
  const name = typeof fields.name === 'string' ? fields.name : '';
  const code = typeof fields.Code === 'string' ? fields.Code : name;
  const status = typeof fields.$metadata?.httpStatusCode === 'number' ? fields.$metadata.httpStatusCode : undefined;

  if (name === 'AbortError') return 'aborted';
  // A configuration error, not a missing file, and not one a retry fixes.
  if (code === 'NoSuchBucket') return 'storage-missing';
  if (UNAVAILABLE_CODES.has(code)) return 'unavailable';
  if (NOT_FOUND_CODES.has(code) || status === 404) return 'not-found';
  if (PERMISSION_CODES.has(code) || status === 403) return 'permission';
  if (code === 'EntityTooLarge') return 'quota';
  if (code === 'KeyTooLongError') return 'invalid-name';
  if (code === 'InvalidRange' || status === 416) return 'invalid-argument';
  if (networkErrorCode(error) !== undefined) return 'unavailable';
  // 5xx, throttling and anything unrecognised: the backend failed, not the request.
  return 'unavailable';
}

const MESSAGES: Record<StorageErrorKind, string> = {
  'not-found': 'not found',
  exists: 'already exists',
  'not-empty': 'directory not empty',
  'not-a-directory': 'not a directory',
  'is-a-directory': 'is a directory',
  permission: 'permission denied by the storage backend',
  quota: 'storage quota or size limit exceeded',
  'invalid-name': 'name not accepted by the storage backend',
  'invalid-argument': 'invalid argument',
  unsupported: 'not supported',
  unavailable: 'storage backend unavailable',
  'storage-missing': 'the bucket does not exist',
  aborted: 'operation aborted',
};

/**
 * A StorageError for `error` (returned unchanged when it already is one). `subject` is the
 * virtual path (or other description) the message names.
 */
export function classifyS3Error(error: unknown, subject?: string): StorageError {
  if (isStorageError(error)) return error;
  const kind = s3ErrorKind(error);
  const message = subject === undefined ? MESSAGES[kind] : `${MESSAGES[kind]}: ${subject}`;
  return new StorageError(kind, message, { cause: error });
}

/** True for a failure that means "no such object" (and only that: a missing bucket is not one). */
export function isNotFound(error: unknown): boolean {
  return s3ErrorKind(error) === 'not-found';
}
