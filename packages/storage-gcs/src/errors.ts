/**
 * The one place GCS failures become typed StorageErrors. The backend's error stays as `cause` (for
 * the logs); the message names only the operation and the virtual path.
 */
import { aborted, StorageError, type StorageErrorKind } from '@bucketftp/storage';
import { isConnectionReset as isResetConnection } from '@bucketftp/storage/object-store';

export interface FailureContext {
  /** The virtual path the operation was about. */
  readonly path: string;
  /** The operation's signal: when it has fired, every failure is `aborted`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * What a failed precondition (HTTP 412) means here: `exists` for a create-only write
   * (ifGenerationMatch=0), `unavailable` (the default) when the object changed concurrently.
   */
  readonly preconditionFailed?: 'exists' | 'unavailable';
}

/** https://cloud.google.com/storage/docs/json_api/v1/status-codes */
export function toStorageError(error: unknown, context: FailureContext): StorageError {
  if (error instanceof StorageError) return error;
  if (context.signal?.aborted) return aborted(context.signal.reason ?? error);
  const kind = classify(error, context);
  return new StorageError(kind, `${DESCRIPTIONS[kind]}: ${context.path}`, { cause: error });
}

/** `toStorageError` for promise chains: `.catch(rethrowAs({ path }))`. */
export function rethrowAs(context: FailureContext): (error: unknown) => never {
  return (error) => {
    throw toStorageError(error, context);
  };
}

/** True for a GCS "no such object" answer (not for a missing bucket). */
export function isNotFound(error: unknown): boolean {
  return httpStatus(error) === 404 && !isMissingBucket(error);
}

/**
 * True for a request that died with its connection before any answer (typically a pooled
 * keep-alive connection the server had just closed): repeating an idempotent request is safe.
 */
export function isConnectionReset(error: unknown): boolean {
  return httpStatus(error) === undefined && isResetConnection(error);
}

function classify(error: unknown, context: FailureContext): StorageErrorKind {
  const status = httpStatus(error);
  if (status === undefined) return 'unavailable'; // network failures, timeouts, resets
  const reason = firstReason(error);
  if (reason !== undefined && /rateLimitExceeded/i.test(reason)) return 'unavailable';
  if (reason !== undefined && /quotaExceeded/i.test(reason)) return 'quota';
  switch (status) {
    case 404:
      // A missing bucket is a configuration error, not a missing file, and no retry fixes it.
      return isMissingBucket(error) ? 'storage-missing' : 'not-found';
    case 401:
    case 403:
      return 'permission';
    case 412:
      return context.preconditionFailed ?? 'unavailable';
    case 400:
    case 416:
      return 'invalid-argument';
    case 413:
      return 'quota';
    default:
      // 408, 409 (a concurrent change), 429 and every 5xx: worth a retry later.
      return 'unavailable';
  }
}

/** The HTTP status of an ApiError (`code`), a GaxiosError (`response.status`) or undefined. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { code?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const value of [candidate.code, candidate.status, candidate.response?.status]) {
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  return undefined;
}

export function isMissingBucket(error: unknown): boolean {
  return error instanceof Error && /bucket does not exist/i.test(error.message);
}

function firstReason(error: unknown): string | undefined {
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const reason = (errors[0] as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

const DESCRIPTIONS: Record<StorageErrorKind, string> = {
  'not-found': 'not found',
  exists: 'already exists',
  'not-empty': 'directory not empty',
  'not-a-directory': 'not a directory',
  'is-a-directory': 'is a directory',
  permission: 'permission denied by the bucket',
  quota: 'storage quota exceeded',
  'invalid-name': 'invalid name',
  'invalid-argument': 'request rejected by the bucket',
  unsupported: 'not supported',
  unavailable: 'bucket unavailable',
  'storage-missing': 'the bucket does not exist',
  aborted: 'operation aborted',
};
