/**
 * The Google Cloud Storage driver: the StorageDriver contract over one bucket (and key prefix).
 * Each operation lives in its own module; this class checks arguments and delegates.
 */
import type { Readable } from 'node:stream';
import {
  baseName,
  checkedAtEnd,
  invalidArgument,
  isADirectory,
  notFound,
  StorageError,
  throwIfAborted,
  type Capabilities,
  type Entry,
  type HashAlgorithm,
  type ListOptions,
  type OperationOptions,
  type ReadOptions,
  type StorageDriver,
  type WriteMode,
  type WriteOptions,
  type WriteResult,
  type EntryType,
  type StorageLocation,
} from '@bucketftp/storage';
import type { GcsContext } from './context.js';
import { fastCrc32cGenerator } from './crc32c.js';
import { makeDirectory, removeDirectory } from './directories.js';
import { openDownload, requireFile } from './download.js';
import { httpStatus, isMissingBucket, isNotFound, toStorageError } from './errors.js';
import { gcsObjectKeys } from './keys.js';
import { listDirectory } from './listing.js';
import { mtimeMetadata } from './mtime.js';
import { checkedObjectOptions } from './object-options.js';
import { fileEntry, fileMetadata, generationOf, probeDirectory } from './objects.js';
import {
  checkedChunkSize,
  checkedConcurrency,
  checkedDirectUploadMax,
  checkedPageSize,
  checkedRequestTimeout,
  createStorage,
  type GcsDriverOptions,
} from './options.js';
import { fetchPage } from './pages.js';
import { renamePath } from './rename.js';
import { sweepTemporaries } from './sweep.js';
import { writeFile } from './write.js';

const CREATE: WriteMode = { kind: 'create' };

export class GcsDriver implements StorageDriver {
  readonly kind = 'gcs';
  readonly capabilities: Capabilities = { append: true, resume: true, renameDirectories: true, setModified: true };

  private readonly ctx: GcsContext;

  constructor(options: GcsDriverOptions) {
    if (!options.bucket) throw invalidArgument('a bucket name is required');
    this.ctx = {
      // The library's own CRC32C checks of uploads and downloads, computed sixteen bytes a step (crc32c.ts).
      bucket: createStorage(options).bucket(options.bucket, { crc32cGenerator: fastCrc32cGenerator }),
      keys: gcsObjectKeys(options.prefix, options.tempPrefix),
      listPageSize: checkedPageSize(options.listPageSize),
      resumableChunkSize: checkedChunkSize(options.resumableChunkSize),
      directUploadMaxBytes: checkedDirectUploadMax(options.directUploadMaxBytes),
      renameConcurrency: checkedConcurrency(options.renameConcurrency),
      requestTimeoutMs: checkedRequestTimeout(options.requestTimeoutMs),
      objectOptions: checkedObjectOptions(options.objectOptions),
    };
  }

  /** How uploads are sent (options.ts), defaults applied. */
  get uploadSettings(): { readonly directUploadMaxBytes: number; readonly resumableChunkSize: number | undefined } {
    return { directUploadMaxBytes: this.ctx.directUploadMaxBytes, resumableChunkSize: this.ctx.resumableChunkSize };
  }

  async stat(path: string, options: OperationOptions = {}): Promise<Entry> {
    this.begin(path, options);
    if (path === '/') return { name: '/', type: 'dir', size: 0 };
    const name = baseName(path);
    const metadata = await fileMetadata(this.ctx, path, options.signal);
    if (metadata) return fileEntry(name, metadata);
    const directory = await probeDirectory(this.ctx, path, options.signal);
    if (!directory) throw notFound(path);
    return directory.mtime ? { name, type: 'dir', size: 0, mtime: directory.mtime } : { name, type: 'dir', size: 0 };
  }

  async *list(path: string, options: ListOptions = {}): AsyncGenerator<Entry, void, undefined> {
    this.begin(path, options);
    yield* listDirectory(this.ctx, path, options.signal);
  }

  async read(path: string, options: ReadOptions = {}): Promise<Readable> {
    this.begin(path, options);
    const offset = options.offset ?? 0;
    assertByteOffset(offset);
    return openDownload(this.ctx, path, offset, options.signal);
  }

  async write(path: string, source: AsyncIterable<Uint8Array>, options: WriteOptions = {}): Promise<WriteResult> {
    this.begin(path, options);
    const mode = options.mode ?? CREATE;
    if (mode.kind === 'resume') assertByteOffset(mode.offset);
    // One request may carry the last bytes and the commit: the caller's last check comes as the source ends.
    return writeFile(this.ctx, path, checkedAtEnd(source, options.beforeCommit), { mode, partial: options.partial ?? 'discard', signal: options.signal });
  }

  locate(path: string, type: EntryType = 'file'): StorageLocation {
    const bucket = this.ctx.bucket.name;
    const key = type === 'dir' ? this.ctx.keys.dir(path) : this.ctx.keys.file(path);
    return { driver: 'gcs', bucket, key, url: `gs://${bucket}/${key}` };
  }

  async mkdir(path: string, options: OperationOptions = {}): Promise<void> {
    this.begin(path, options);
    await makeDirectory(this.ctx, path, options.signal);
  }

  async rmdir(path: string, options: OperationOptions = {}): Promise<void> {
    this.begin(path, options);
    await removeDirectory(this.ctx, path, options.signal);
  }

  async delete(path: string, options: OperationOptions = {}): Promise<void> {
    this.begin(path, options);
    if (path === '/') throw isADirectory(path);
    try {
      await this.ctx.bucket.file(this.ctx.keys.file(path)).delete();
    } catch (error) {
      if (!isNotFound(error)) throw toStorageError(error, { path, signal: options.signal });
      throw (await probeDirectory(this.ctx, path, options.signal)) ? isADirectory(path) : notFound(path);
    }
  }

  async rename(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    this.begin(from, options);
    this.ctx.keys.check(to);
    await renamePath(this.ctx, from, to, options.signal);
  }

  /**
   * Kept in the custom metadata as rclone and gsutil keep it (mtime.ts): one metadata update
   * (objects.patch) of the generation just looked up, so a file replaced meanwhile is left alone.
   */
  async setModified(path: string, mtime: Date, options: OperationOptions = {}): Promise<void> {
    this.begin(path, options);
    const metadata = await requireFile(this.ctx, path, options.signal);
    const object = this.ctx.bucket.file(this.ctx.keys.file(path), { generation: generationOf(metadata) });
    try {
      await object.setMetadata({ metadata: mtimeMetadata(mtime) }, { ifGenerationMatch: generationOf(metadata) });
    } catch (error) {
      throw toStorageError(error, { path, signal: options.signal });
    }
  }

  /**
   * GCS keeps an MD5 for objects uploaded whole (not for composites, i.e. files extended by resume
   * or append) and a CRC32C for all — which is not the CRC32 of the HASH command, so only MD5 is
   * ever answered from storage.
   */
  async storedHash(path: string, algorithm: HashAlgorithm, options: OperationOptions = {}): Promise<string | undefined> {
    this.begin(path, options);
    const metadata = await requireFile(this.ctx, path, options.signal);
    if (algorithm !== 'MD5' || !metadata.md5Hash) return undefined;
    return Buffer.from(metadata.md5Hash, 'base64').toString('hex');
  }

  /**
   * Lists one object below the prefix: the same permission (storage.objects.list) the driver needs
   * anyway, where a bucket metadata read would need storage.buckets.get.
   */
  async ping(options: OperationOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    try {
      await fetchPage(this.ctx, { prefix: this.ctx.keys.root, maxResults: 1 });
    } catch (error) {
      // A listing answers 404 only for its bucket (GCS says so in the message, emulators may not).
      if (isMissingBucket(error) || httpStatus(error) === 404) throw new StorageError('storage-missing', `bucket ${this.ctx.bucket.name} does not exist`, { cause: error });
      throw new StorageError('unavailable', `bucket ${this.ctx.bucket.name} cannot be reached`, { cause: error });
    }
  }

  /** Deletes temporary objects older than `olderThanMs` (sweep.ts). */
  async sweepLeftovers(olderThanMs: number, options: OperationOptions = {}): Promise<number> {
    return sweepTemporaries(this.ctx, olderThanMs, options.signal);
  }

  async close(): Promise<void> {
    // The client holds no sockets or timers beyond the process-wide HTTP agent.
  }

  private begin(path: string, options: OperationOptions): void {
    this.ctx.keys.check(path);
    throwIfAborted(options.signal);
  }
}

function assertByteOffset(offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalidArgument(`not a byte offset: ${offset}`);
}
