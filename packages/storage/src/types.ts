/**
 * The storage contract: one narrow interface every driver implements (memory, fs, s3, gcs).
 *
 * Paths handed to a driver are virtual, absolute and already normalised by the protocol core:
 * they start with `/`, contain no `.`/`..` or empty segments, no trailing slash (except `/`
 * itself) and no NUL. A driver maps them onto its own root (a folder, a bucket + key prefix).
 */
import type { Readable } from 'node:stream';

export type EntryType = 'file' | 'dir';

export interface Entry {
  /** Base name, no slashes (`/` for the root). */
  readonly name: string;
  readonly type: EntryType;
  /** Size in bytes; 0 for directories. */
  readonly size: number;
  /** Last modification time, when the store knows it (S3 common prefixes do not). */
  readonly mtime?: Date;
}

/** How `write` treats an existing file. */
export type WriteMode =
  /** STOR: the new bytes become the whole file. */
  | { readonly kind: 'create' }
  /** APPE: the new bytes are added after the existing ones; a missing file is created. */
  | { readonly kind: 'append' }
  /** REST n + STOR: bytes [0, n) of the existing file are kept, the new bytes follow from n. */
  | { readonly kind: 'resume'; readonly offset: number };

/**
 * What happens to the bytes received when an upload fails, is reset or aborted.
 * - `discard` (default): nothing is committed; the previous file stays exactly as it was.
 * - `keep`: the bytes received are committed (so a client can resume with REST/APPE) — except
 *   after a `quota` failure (the upload was too large), which is always discarded: see `keepsPartial`.
 */
export type PartialUploadPolicy = 'discard' | 'keep';

export interface OperationOptions {
  readonly signal?: AbortSignal;
}

export interface ListOptions extends OperationOptions {
  /**
   * The caller shows names and types only (NLST): a driver may skip what it would look up entry by
   * entry (S3 reads kept modification times with one request per file), reporting less exact times.
   */
  readonly namesOnly?: boolean;
}

export interface ReadOptions extends OperationOptions {
  /** Start reading at this byte (REST n + RETR). An offset at or past the end yields no bytes. */
  readonly offset?: number;
}

export interface WriteOptions extends OperationOptions {
  readonly mode?: WriteMode;
  readonly partial?: PartialUploadPolicy;
  /** Expected size in bytes (from ALLO), a hint for part sizing; never trusted for correctness. */
  readonly sizeHint?: number;
  /**
   * The last check before the upload becomes visible, called at most once, only after the source
   * ended cleanly, and awaited before the commit: a driver may stage the bytes (flush, close a file)
   * first, so the check's wait overlaps that work. A rejection counts as a failure of the source
   * with that error, and the partial-upload policy applies as for any other (`checkBeforeCommit`).
   */
  readonly beforeCommit?: () => Promise<void>;
}

export interface WriteResult {
  /** Size in bytes of the committed file. */
  readonly size: number;
  /** The committed object's ETag, when the store returned one with the commit. */
  readonly etag?: string;
  /** S3: the committed object's version id (versioned buckets only). */
  readonly versionId?: string;
  /** GCS: the committed object's generation. */
  readonly generation?: string;
}

/** Where a virtual path's bytes live in the backend (for events and audit). */
export interface StorageLocation {
  /** `fs`, `s3`, `gcs`, `memory`. */
  readonly driver: string;
  /** The bucket, for object stores. */
  readonly bucket?: string;
  /** The object key (object name) or, for `fs`, the absolute file path. */
  readonly key: string;
  /** `s3://bucket/key`, `gs://bucket/name`, `file:///path`, `memory:///path`. */
  readonly url: string;
}

/** draft-bryan-ftpext-hash algorithm names, as they appear on the wire. */
export type HashAlgorithm = 'SHA-256' | 'SHA-1' | 'MD5' | 'CRC32';

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['SHA-256', 'SHA-1', 'MD5', 'CRC32'];

/** What a driver can do, declared instead of half-implemented. */
export interface Capabilities {
  /** `write` with mode `append`. */
  readonly append: boolean;
  /** `write` with mode `resume`. */
  readonly resume: boolean;
  /** `rename` of a directory (and everything below it). */
  readonly renameDirectories: boolean;
  /** `setModified`: a file keeps a modification time set by the client (MFMT). */
  readonly setModified: boolean;
}

export interface StorageDriver {
  /** Short driver name for logs and metrics: `memory`, `fs`, `s3`, `gcs`. */
  readonly kind: string;
  readonly capabilities: Capabilities;

  /** Throws `not-found` when nothing is at `path`. `/` is always a directory. */
  stat(path: string, options?: OperationOptions): Promise<Entry>;

  /**
   * The entries of a directory, streamed (paged underneath; never collected whole).
   * Order is unspecified. The driver's internal objects (temporary files, directory markers)
   * are never listed. Throws `not-found` for a missing path, `not-a-directory` for a file.
   */
  list(path: string, options?: ListOptions): AsyncIterable<Entry>;

  /** A stream of the file's bytes from `offset`. `not-found`, `is-a-directory`. */
  read(path: string, options?: ReadOptions): Promise<Readable>;

  /**
   * Streams `source` into `path` and resolves only once the file is committed and visible.
   * The parent directory must exist (`not-found`); a directory at `path` is `is-a-directory`;
   * `resume` past the current size is `invalid-argument`.
   * On a failing source or an aborted signal, the promise rejects (with `aborted` for the signal)
   * and the partial-upload policy decides what is left: see {@link PartialUploadPolicy}.
   */
  write(path: string, source: AsyncIterable<Uint8Array>, options?: WriteOptions): Promise<WriteResult>;

  /** Parent must exist (`not-found`); anything already at `path` is `exists`. */
  mkdir(path: string, options?: OperationOptions): Promise<void>;

  /** `not-found`, `not-a-directory`, `not-empty`; removing `/` is `permission`. */
  rmdir(path: string, options?: OperationOptions): Promise<void>;

  /** Deletes a file. `not-found`, `is-a-directory`. */
  delete(path: string, options?: OperationOptions): Promise<void>;

  /**
   * Renames a file (replacing a file at `to`) or a directory with everything below it
   * (`exists` when `to` exists; `invalid-argument` when `to` is inside `from`).
   * The target's parent must exist (`not-found`).
   */
  rename(from: string, to: string, options?: OperationOptions): Promise<void>;

  /**
   * Sets a file's modification time (MFMT), kept with the file and reported by `stat` and `list`
   * from then on, until the file is written again. Present when `capabilities.setModified` is true;
   * a driver may round to the precision its store keeps (never coarser than a second).
   * `not-found`, `is-a-directory`.
   */
  setModified?(path: string, mtime: Date, options?: OperationOptions): Promise<void>;

  /**
   * A stored checksum (lowercase hex) when the backend keeps one for `algorithm`, or `undefined`
   * so the caller computes it by streaming the file. `not-found`, `is-a-directory`.
   */
  storedHash?(path: string, algorithm: HashAlgorithm, options?: OperationOptions): Promise<string | undefined>;

  /**
   * Where the bytes of `path` live (or would live): the mapping only, no request to the backend.
   * `type` dir gives an object store's folder prefix (`a/b/`). Undefined when the driver cannot say.
   */
  locate?(path: string, type?: EntryType): StorageLocation | undefined;

  /** Probes the backend (for readiness checks); throws `unavailable` when it cannot be reached. */
  ping?(options?: OperationOptions): Promise<void>;

  /**
   * Removes what uploads interrupted by a crash left behind (temporary files, multipart uploads,
   * temporary objects) that is older than `olderThanMs` — the age is what keeps a sweep away from
   * an upload still in progress, here or on another replica. Resolves with how many were removed.
   */
  sweepLeftovers?(olderThanMs: number, options?: OperationOptions): Promise<number>;

  /** Releases clients, sockets and timers. */
  close?(): Promise<void>;
}
