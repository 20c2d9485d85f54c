/** Driver options and the client built from them. */
import { invalidArgument } from '@bucketftp/storage';
import { Storage, type StorageOptions } from '@google-cloud/storage';
import type { GcsObjectOptions } from './object-options.js';

export interface GcsDriverOptions {
  /** The bucket holding the files. */
  readonly bucket: string;
  /** Key prefix the virtual root maps to (`users/alice` → `/x` is `users/alice/x`); default: the bucket root. */
  readonly prefix?: string;
  /** A ready client; when given, `projectId`, `apiEndpoint` and `keyFilename` are ignored. */
  readonly storage?: Storage;
  readonly projectId?: string;
  /** E.g. an emulator's `http://127.0.0.1:9199`; a custom endpoint is used without credentials. */
  readonly apiEndpoint?: string;
  /** A service-account key file; by default Application Default Credentials (workload identity, GOOGLE_APPLICATION_CREDENTIALS). */
  readonly keyFilename?: string;
  /**
   * Send resumable uploads in chunks of this many bytes (a multiple of 256 KiB), each chunk held in
   * memory until acknowledged. Default: undefined — one streamed request per upload.
   */
  readonly resumableChunkSize?: number;
  /**
   * An upload of at most this many bytes is held in memory and sent in one request straight onto
   * its file (small-upload.ts); a longer one is staged in a temporary object. 0 stages every
   * upload. Default 8 MiB.
   */
  readonly directUploadMaxBytes?: number;
  /** maxResults of each listing request (1–1000); default 1000. */
  readonly listPageSize?: number;
  /**
   * Object-name prefix of every temporary, from the bucket root, whatever `prefix` is (one trailing
   * `/` implied): the one prefix a bucket notification has to leave out. Outside `prefix`, or one
   * folder directly in it (reserved there). Default `.bucketftp-tmp/`.
   */
  readonly tempPrefix?: string;
  /** Copies/deletes in flight during a directory rename; default 8. */
  readonly renameConcurrency?: number;
  /**
   * A request not answered within this long fails with `unavailable` (each retry of the client
   * library is bounded on its own), and so does an upload GCS has not finalised this long after
   * its last byte. Ignored for the client's own requests when `storage` is given. Default 30 s.
   */
  readonly requestTimeoutMs?: number;
  /**
   * Cloud KMS key (`kmsKeyName`) and storage class of every object the driver writes: uploads,
   * their commits (copy or compose), rename copies and directory placeholders. Checked at
   * construction (`invalid-argument`). Default: none sent, so the bucket's defaults apply.
   */
  readonly objectOptions?: GcsObjectOptions;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Files up to 8 MiB are sent whole; longer ones are staged. */
export const DIRECT_UPLOAD_MAX_BYTES = 8 * 1024 * 1024;

const CHUNK_GRANULARITY = 256 * 1024; // https://cloud.google.com/storage/docs/performing-resumable-uploads#chunked-upload

export function createStorage(options: GcsDriverOptions): Storage {
  if (options.storage) return options.storage;
  const config: StorageOptions = { timeout: checkedRequestTimeout(options.requestTimeoutMs) };
  if (options.projectId !== undefined) config.projectId = options.projectId;
  if (options.apiEndpoint !== undefined) config.apiEndpoint = options.apiEndpoint;
  if (options.keyFilename !== undefined) config.keyFilename = options.keyFilename;
  return withJsonApiPath(new Storage(config));
}

/**
 * With STORAGE_EMULATOR_HOST set, the client library sends JSON API calls to that bare address
 * (`http://host:port/b/…`) whatever `apiEndpoint` says, while GCS and its emulators serve the JSON API
 * under `/storage/v1`: listings then fail with 404. The JSON API path is put back on the endpoint
 * the client settled on, so the driver behaves the same with or without the variable.
 */
function withJsonApiPath(storage: Storage): Storage {
  const jsonApi = `${storage.apiEndpoint.replace(/\/+$/, '')}/storage/v1`;
  if (storage.baseUrl !== jsonApi) storage.baseUrl = jsonApi;
  return storage;
}

export function checkedPageSize(value: number | undefined): number {
  if (value === undefined) return 1000;
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw invalidArgument(`listPageSize must be 1–1000, not ${value}`);
  return value;
}

export function checkedDirectUploadMax(value: number | undefined): number {
  if (value === undefined) return DIRECT_UPLOAD_MAX_BYTES;
  if (!Number.isSafeInteger(value) || value < 0) throw invalidArgument(`directUploadMaxBytes must be a whole number of bytes ≥ 0, not ${value}`);
  return value;
}

export function checkedChunkSize(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value <= 0 || value % CHUNK_GRANULARITY !== 0) {
    throw invalidArgument(`resumableChunkSize must be a positive multiple of 256 KiB, not ${value}`);
  }
  return value;
}

export function checkedRequestTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isInteger(value) || value < 1) throw invalidArgument(`requestTimeoutMs must be a positive integer, not ${value}`);
  return value;
}

export function checkedConcurrency(value: number | undefined): number {
  if (value === undefined) return 8;
  if (!Number.isInteger(value) || value < 1) throw invalidArgument(`renameConcurrency must be a positive integer, not ${value}`);
  return value;
}
