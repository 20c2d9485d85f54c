/**
 * The S3 storage driver: the StorageDriver contract over one bucket (and key prefix). Files are
 * objects; directories are key prefixes, made visible when empty by a zero-byte `dir/` marker
 * (README.md has the full mapping). Each operation lives in its own module over the S3 requests
 * (head, list page, put, delete, copy and its multipart commit); this class checks arguments and
 * delegates.
 */
import { HeadBucketCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import {
  aborted,
  baseName,
  checkedAtEnd,
  invalidArgument,
  isADirectory,
  notFound,
  StorageError,
  type Capabilities,
  type Entry,
  type HashAlgorithm,
  type ListOptions,
  type OperationOptions,
  type ReadOptions,
  type StorageDriver,
  type WriteOptions,
  type WriteResult,
  type EntryType,
  type StorageLocation,
} from '@bucketftp/storage';
import { markerTime } from '@bucketftp/storage/object-store';
import type { Readable } from 'node:stream';
import type { S3Context } from './context.js';
import { makeDirectory, removeDirectory } from './directories.js';
import { listDirectory } from './directory-listing.js';
import { openDownload } from './download.js';
import { s3ErrorKind } from './errors.js';
import { s3ObjectKeys } from './keys.js';
import { firstObjects } from './listing.js';
import { objectAttributes } from './object-attributes.js';
import { deleteKey, directoryExists, headFile } from './objects.js';
import { createClient, resolveSettings, type S3DriverOptions } from './options.js';
import { objectMtime } from './mtime.js';
import { FolderCache } from './folder-cache.js';
import { renamePath } from './rename.js';
import { setObjectModified } from './set-modified.js';
import { storedChecksum } from './stored-hash.js';
import { abortStaleUploads } from './sweep.js';
import { writeFile } from './write.js';

export class S3Driver implements StorageDriver {
  readonly kind = 's3';
  readonly capabilities: Capabilities = { append: true, resume: true, renameDirectories: true, setModified: true };

  readonly #ctx: S3Context;
  readonly #ownsClient: boolean;
  readonly #onUploadFinished: S3DriverOptions['onUploadFinished'];

  constructor(options: S3DriverOptions) {
    const settings = resolveSettings(options);
    this.#ownsClient = options.client === undefined;
    const keys = s3ObjectKeys(options.prefix);
    this.#ctx = {
      target: { client: options.client ?? createClient(options), bucket: options.bucket, attributes: objectAttributes(options.objectOptions) },
      keys,
      settings,
      folders: new FolderCache(keys, settings.folderCacheMs, settings.listPageSize),
    };
    this.#onUploadFinished = options.onUploadFinished;
  }

  async stat(path: string, options: OperationOptions = {}): Promise<Entry> {
    this.#ctx.keys.check(path);
    if (path === '/') return { name: '/', type: 'dir', size: 0 };
    const head = await headFile(this.#ctx, path, options.signal);
    if (head) return { name: baseName(path), type: 'file', size: head.ContentLength ?? 0, mtime: objectMtime(head.Metadata, head.LastModified) };
    const prefix = this.#ctx.keys.dir(path);
    const [first] = await firstObjects(this.#ctx.target, prefix, 1, path, options.signal);
    if (first === undefined) throw notFound(path);
    const mtime = markerTime(prefix, { key: first.Key, mtime: first.LastModified });
    return { name: baseName(path), type: 'dir', size: 0, ...(mtime && { mtime }) };
  }

  async *list(path: string, options: ListOptions = {}): AsyncGenerator<Entry> {
    this.#ctx.keys.check(path);
    yield* listDirectory(this.#ctx, path, options);
  }

  async read(path: string, options: ReadOptions = {}): Promise<Readable> {
    this.#ctx.keys.check(path);
    const { signal, offset = 0 } = options;
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalidArgument(`invalid read offset: ${offset}`);
    return openDownload(this.#ctx, path, offset, signal);
  }

  async write(path: string, source: AsyncIterable<Uint8Array>, options: WriteOptions = {}): Promise<WriteResult> {
    this.#ctx.keys.check(path);
    const { signal, mode = { kind: 'create' }, partial = 'discard' } = options;
    if (signal?.aborted) throw aborted(signal.reason);
    if (path === '/') throw isADirectory(path);
    if (mode.kind === 'resume' && (!Number.isSafeInteger(mode.offset) || mode.offset < 0)) {
      throw invalidArgument(`invalid resume offset: ${mode.offset}`);
    }
    const onUploadFinished = this.#onUploadFinished;
    // One request may carry the last bytes and the commit: the caller's last check comes as the source ends.
    return writeFile(this.#ctx, path, checkedAtEnd(source, options.beforeCommit), {
      mode,
      partial,
      sizeHint: options.sizeHint,
      signal,
      onFinished: onUploadFinished && ((stats) => onUploadFinished(path, stats)),
    });
  }

  locate(path: string, type: EntryType = 'file'): StorageLocation {
    const { bucket } = this.#ctx.target;
    const key = type === 'dir' ? this.#ctx.keys.dir(path) : this.#ctx.keys.file(path);
    return { driver: 's3', bucket, key, url: `s3://${bucket}/${key}` };
  }

  async mkdir(path: string, options: OperationOptions = {}): Promise<void> {
    this.#ctx.keys.check(path);
    try {
      await makeDirectory(this.#ctx, path, options.signal);
    } finally {
      // A folder listed before this change is listed anew (folder-cache.ts).
      this.#ctx.folders.clear();
    }
  }

  async rmdir(path: string, options: OperationOptions = {}): Promise<void> {
    this.#ctx.keys.check(path);
    try {
      await removeDirectory(this.#ctx, path, options.signal);
    } finally {
      this.#ctx.folders.clear();
    }
  }

  async delete(path: string, options: OperationOptions = {}): Promise<void> {
    this.#ctx.keys.check(path);
    const { signal } = options;
    await this.#requireFile(path, signal);
    try {
      await deleteKey(this.#ctx, this.#ctx.keys.file(path), path, signal);
    } finally {
      this.#ctx.folders.clear();
    }
  }

  async rename(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    this.#ctx.keys.check(from);
    this.#ctx.keys.check(to);
    if (from === '/') throw new StorageError('permission', 'the root directory cannot be renamed');
    if (from === to) {
      await this.stat(from, options);
      return;
    }
    try {
      await renamePath(this.#ctx, from, to, options.signal);
    } finally {
      this.#ctx.folders.clear();
    }
  }

  /** Kept as the `mtime` user metadata, in rclone's format (mtime.ts, set-modified.ts). */
  async setModified(path: string, mtime: Date, options: OperationOptions = {}): Promise<void> {
    this.#ctx.keys.check(path);
    const head = await this.#requireFile(path, options.signal, true);
    await setObjectModified(this.#ctx, path, head, mtime, options.signal);
  }

  async storedHash(path: string, algorithm: HashAlgorithm, options: OperationOptions = {}): Promise<string | undefined> {
    this.#ctx.keys.check(path);
    return storedChecksum(await this.#requireFile(path, options.signal, true), algorithm);
  }

  /** Aborts multipart uploads under this driver's prefix older than `olderThanMs` (sweep.ts). */
  async sweepLeftovers(olderThanMs: number, options: OperationOptions = {}): Promise<number> {
    return abortStaleUploads(this.#ctx.target, this.#ctx.keys.root, olderThanMs, options.signal);
  }

  async ping(options: OperationOptions = {}): Promise<void> {
    const { client, bucket } = this.#ctx.target;
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: options.signal });
    } catch (error) {
      // HeadBucket has no body: a missing bucket is a bare 404.
      const kind = s3ErrorKind(error);
      if (kind === 'storage-missing' || kind === 'not-found') throw new StorageError('storage-missing', 'S3 bucket does not exist', { cause: error });
      throw new StorageError('unavailable', 'S3 bucket not reachable', { cause: error });
    }
  }

  async close(): Promise<void> {
    if (this.#ownsClient) this.#ctx.target.client.destroy();
  }

  /** The HeadObject of the file at `path`: `is-a-directory` for a directory, `not-found` for nothing. */
  async #requireFile(path: string, signal?: AbortSignal, checksums = false): Promise<HeadObjectCommandOutput> {
    if (path === '/') throw isADirectory(path);
    const head = await headFile(this.#ctx, path, signal, checksums);
    if (head) return head;
    if (await directoryExists(this.#ctx, path, signal)) throw isADirectory(path);
    throw notFound(path);
  }
}
