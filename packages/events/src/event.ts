/**
 * One event per fact, emitted after the fact: a committed upload, a finished download, a delete, a
 * rename, a folder made or removed, a login (ok or failed). The JSON form is described by
 * schemas/event.v1.json at the repository root; `version` names that schema.
 */

/** The schema version every event carries (`schemas/event.v<version>.json`). */
export const EVENT_SCHEMA_VERSION = 1;

export const EVENT_TYPES = ['upload', 'download', 'delete', 'rename', 'mkdir', 'rmdir', 'login'] as const;
export type BucketftpEventType = (typeof EVENT_TYPES)[number];

/** Where the bytes live. `url` is an s3://, gs:// or file:// URL of the object or file. */
export interface EventStorageLocation {
  /** The storage driver: 'fs', 's3', 'gcs', 'memory'. */
  readonly driver: string;
  /** The bucket (object stores only). */
  readonly bucket?: string;
  /** The object key, object name or file path inside the store. */
  readonly key: string;
  readonly url: string;
  /** The object's ETag, when the store reported one. */
  readonly etag?: string;
  /** S3 version id (versioned buckets only). */
  readonly versionId?: string;
  /** GCS object generation. */
  readonly generation?: string;
}

export interface BucketftpEvent {
  /** Schema version (EVENT_SCHEMA_VERSION). */
  readonly version: 1;
  /** Unique per event: receivers de-duplicate on it (delivery is at least once). */
  readonly id: string;
  readonly type: BucketftpEventType;
  /** ISO 8601 time at which the fact happened (the end of the operation). */
  readonly time: string;
  /** ok, or failed (only login events are emitted for failures). */
  readonly result: 'ok' | 'failed';
  /** The FTP user (for a failed login: the name that was tried). */
  readonly user: string | null;
  readonly sessionId: string;
  /** The client's IP address (the PROXY header's source when one was accepted). */
  readonly clientAddress: string;
  /** Whether the control connection was protected by TLS. */
  readonly tls: boolean;
  /** The virtual (FTP) path of the file or folder; absent for login events. */
  readonly path?: string;
  /** rename only: the path before the rename. */
  readonly oldPath?: string;
  /** Bytes transferred (upload, download) or the file's size where known. */
  readonly size?: number;
  /** How long the operation took, in milliseconds. */
  readonly durationMs?: number;
  /** Where the bytes live (absent for login events and where the driver cannot say). */
  readonly storage?: EventStorageLocation;
  /** rename only: where the bytes lived before the rename. */
  readonly oldStorage?: EventStorageLocation;
}
