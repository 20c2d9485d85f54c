/**
 * The S3 storage driver. Files are objects under the configured key prefix; directories are key
 * prefixes, made visible when empty by a zero-byte `dir/` marker (README.md has the full mapping).
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import {
  aborted,
  alreadyExists,
  baseName,
  invalidArgument,
  isADirectory,
  isSameOrInside,
  notADirectory,
  notEmpty,
  notFound,
  parentPath,
  StorageError,
  type Capabilities,
  type Entry,
  type HashAlgorithm,
  type OperationOptions,
  type ReadOptions,
  type StorageDriver,
  type WriteMode,
  type WriteOptions,
  type WriteResult,
} from '@bucketftp/storage';
import { directoryState, markerTime, type ObjectKeys } from '@bucketftp/storage/object-store';
import type { Readable } from 'node:stream';
import { copyObject, movePrefix } from './copy.js';
import { classifyS3Error, isNotFound, s3ErrorKind } from './errors.js';
import { planHead } from './head-plan.js';
import { s3ObjectKeys } from './keys.js';
import { firstObjects, listPages, pageEntries, pageIsEmpty } from './listing.js';
import { MultipartWriter } from './multipart-writer.js';
import { createClient, resolveSettings, type DriverSettings, type S3DriverOptions } from './options.js';
import { floorFromSizeHint, PartSizing } from './part-sizing.js';
import { emptyStream, objectStream } from './read-stream.js';
import { storedChecksum } from './stored-hash.js';
import { abortStaleUploads } from './sweep.js';
import type { S3Target } from './target.js';

export class S3Driver implements StorageDriver {
  readonly kind = 's3';
  readonly capabilities: Capabilities = { append: true, resume: true, renameDirectories: true };

  readonly #target: S3Target;
  readonly #ownsClient: boolean;
  readonly #keys: ObjectKeys;
  readonly #settings: DriverSettings;
  readonly #onUploadFinished: S3DriverOptions['onUploadFinished'];

  constructor(options: S3DriverOptions) {
    this.#settings = resolveSettings(options);
    this.#keys = s3ObjectKeys(options.prefix);
    this.#ownsClient = options.client === undefined;
    this.#target = { client: options.client ?? createClient(options), bucket: options.bucket };
    this.#onUploadFinished = options.onUploadFinished;
  }

  async stat(path: string, options: OperationOptions = {}): Promise<Entry> {
    this.#keys.check(path);
    if (path === '/') return { name: '/', type: 'dir', size: 0 };
    const head = await this.#headFile(path, options.signal);
    if (head) return { name: baseName(path), type: 'file', size: head.ContentLength ?? 0, mtime: head.LastModified };
    const prefix = this.#keys.dir(path);
    const [first] = await firstObjects(this.#target, prefix, 1, path, options.signal);
    if (first === undefined) throw notFound(path);
    const mtime = markerTime(prefix, { key: first.Key, mtime: first.LastModified });
    return { name: baseName(path), type: 'dir', size: 0, ...(mtime && { mtime }) };
  }

  async *list(path: string, options: OperationOptions = {}): AsyncGenerator<Entry> {
    this.#keys.check(path);
    const prefix = this.#keys.dir(path);
    let found = path === '/';
    const pages = listPages(this.#target, {
      prefix,
      delimiter: '/',
      pageSize: this.#settings.listPageSize,
      path,
      signal: options.signal,
      prefetch: true,
    });
    for await (const page of pages) {
      if (!pageIsEmpty(page)) found = true;
      yield* pageEntries(this.#keys, prefix, page);
    }
    if (!found) {
      if (await this.#headFile(path, options.signal)) throw notADirectory(path);
      throw notFound(path);
    }
  }

  async read(path: string, options: ReadOptions = {}): Promise<Readable> {
    this.#keys.check(path);
    const { signal, offset = 0 } = options;
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalidArgument(`invalid read offset: ${offset}`);
    if (path === '/') throw isADirectory(path);
    try {
      const response = await this.#target.client.send(
        new GetObjectCommand({
          Bucket: this.#target.bucket,
          Key: this.#keys.file(path),
          Range: offset > 0 ? `bytes=${offset}-` : undefined,
        }),
        { abortSignal: signal },
      );
      return objectStream(response.Body as AsyncIterable<Uint8Array>, path, signal);
    } catch (error) {
      // RFC 9110 §15.5.17: 416 when the offset is at or past the end: nothing left to read.
      if (offset > 0 && s3ErrorKind(error) === 'invalid-argument') return emptyStream();
      if (isNotFound(error) && (await this.#directoryExists(path, signal))) throw isADirectory(path);
      throw this.#failure(error, path, signal);
    }
  }

  async write(path: string, source: AsyncIterable<Uint8Array>, options: WriteOptions = {}): Promise<WriteResult> {
    this.#keys.check(path);
    const { signal, mode = { kind: 'create' }, partial = 'discard' } = options;
    if (signal?.aborted) throw aborted(signal.reason);
    if (path === '/') throw isADirectory(path);
    if (mode.kind === 'resume' && (!Number.isSafeInteger(mode.offset) || mode.offset < 0)) {
      throw invalidArgument(`invalid resume offset: ${mode.offset}`);
    }
    const parent = parentPath(path);
    const [parentExists, isDirectory, existing] = await Promise.all([
      this.#parentExists(parent, signal),
      this.#directoryExists(path, signal),
      mode.kind === 'create' ? undefined : this.#headFile(path, signal),
    ]);
    if (!parentExists) throw notFound(parent);
    if (isDirectory) throw isADirectory(path);
    const key = this.#keys.file(path);
    const existingObject = existing && { key, size: existing.ContentLength ?? 0, etag: existing.ETag };
    const head = planHead(existingObject, bytesToKeep(mode, existingObject?.size ?? 0));
    const settings = this.#settings;
    const writer = new MultipartWriter({
      target: this.#target,
      key,
      path,
      sizing: new PartSizing({
        baseBytes: settings.partSizeBytes,
        floorBytes: floorFromSizeHint(options.sizeHint, settings.uploadBufferBytes),
      }),
      multipartThresholdBytes: settings.multipartThresholdBytes,
      bufferBudgetBytes: settings.uploadBufferBytes,
      maxPartsInFlight: settings.maxPartsInFlight,
      partial,
      head,
      signal,
    });
    try {
      return await writer.write(source);
    } finally {
      this.#onUploadFinished?.(path, writer.stats);
    }
  }

  async mkdir(path: string, options: OperationOptions = {}): Promise<void> {
    this.#keys.check(path);
    const { signal } = options;
    if (path === '/') throw alreadyExists(path);
    const parent = parentPath(path);
    const [parentExists, file, directory] = await Promise.all([
      this.#parentExists(parent, signal),
      this.#headFile(path, signal),
      this.#directoryExists(path, signal),
    ]);
    if (!parentExists) throw notFound(parent);
    if (file || directory) throw alreadyExists(path);
    await this.#request(path, signal, (abortSignal) =>
      this.#target.client.send(
        new PutObjectCommand({ Bucket: this.#target.bucket, Key: this.#keys.dir(path), Body: '', ContentLength: 0 }),
        { abortSignal },
      ),
    );
  }

  async rmdir(path: string, options: OperationOptions = {}): Promise<void> {
    this.#keys.check(path);
    const { signal } = options;
    if (path === '/') throw new StorageError('permission', 'the root directory cannot be removed');
    const prefix = this.#keys.dir(path);
    const objects = await firstObjects(this.#target, prefix, 2, path, signal);
    const state = directoryState(prefix, objects.map((object) => object.Key ?? ''));
    if (state === 'missing') {
      if (await this.#headFile(path, signal)) throw notADirectory(path);
      throw notFound(path);
    }
    if (state === 'in-use') throw notEmpty(path);
    await this.#deleteKey(prefix, path, signal);
  }

  async delete(path: string, options: OperationOptions = {}): Promise<void> {
    this.#keys.check(path);
    const { signal } = options;
    if (path === '/') throw isADirectory(path);
    if (!(await this.#headFile(path, signal))) {
      if (await this.#directoryExists(path, signal)) throw isADirectory(path);
      throw notFound(path);
    }
    await this.#deleteKey(this.#keys.file(path), path, signal);
  }

  async rename(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    this.#keys.check(from);
    this.#keys.check(to);
    const { signal } = options;
    if (from === '/') throw new StorageError('permission', 'the root directory cannot be renamed');
    if (from === to) {
      await this.stat(from, options);
      return;
    }
    const file = await this.#headFile(from, signal);
    if (file) {
      await this.#renameFile(from, to, file, signal);
      return;
    }
    if (!(await this.#directoryExists(from, signal))) throw notFound(from);
    if (isSameOrInside(to, from)) throw invalidArgument(`cannot move ${from} inside itself`);
    const [parentExists, targetFile, targetDirectory] = await Promise.all([
      this.#parentExists(parentPath(to), signal),
      to === '/' ? undefined : this.#headFile(to, signal),
      this.#directoryExists(to, signal),
    ]);
    if (!parentExists) throw notFound(parentPath(to));
    if (targetFile || targetDirectory) throw alreadyExists(to);
    await movePrefix(
      this.#target,
      { fromPrefix: this.#keys.dir(from), toPrefix: this.#keys.dir(to), from, to, pageSize: this.#settings.listPageSize },
      { concurrency: this.#settings.copyConcurrency, signal },
    );
  }

  async storedHash(path: string, algorithm: HashAlgorithm, options: OperationOptions = {}): Promise<string | undefined> {
    this.#keys.check(path);
    const { signal } = options;
    if (path === '/') throw isADirectory(path);
    const head = await this.#headFile(path, signal, true);
    if (!head) {
      if (await this.#directoryExists(path, signal)) throw isADirectory(path);
      throw notFound(path);
    }
    return storedChecksum(head, algorithm);
  }

  /** Aborts multipart uploads under this driver's prefix older than `olderThanMs` (sweep.ts). */
  async sweepLeftovers(olderThanMs: number, options: OperationOptions = {}): Promise<number> {
    return abortStaleUploads(this.#target, this.#keys.root, olderThanMs, options.signal);
  }

  async ping(options: OperationOptions = {}): Promise<void> {
    try {
      await this.#target.client.send(new HeadBucketCommand({ Bucket: this.#target.bucket }), { abortSignal: options.signal });
    } catch (error) {
      // HeadBucket has no body: a missing bucket is a bare 404.
      const kind = s3ErrorKind(error);
      if (kind === 'storage-missing' || kind === 'not-found') throw new StorageError('storage-missing', 'S3 bucket does not exist', { cause: error });
      throw new StorageError('unavailable', 'S3 bucket not reachable', { cause: error });
    }
  }

  async close(): Promise<void> {
    if (this.#ownsClient) this.#target.client.destroy();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  async #renameFile(from: string, to: string, file: HeadObjectCommandOutput, signal?: AbortSignal): Promise<void> {
    const [parentExists, targetIsDirectory] = await Promise.all([
      this.#parentExists(parentPath(to), signal),
      this.#directoryExists(to, signal),
    ]);
    if (!parentExists) throw notFound(parentPath(to));
    if (targetIsDirectory) throw isADirectory(to);
    const fromKey = this.#keys.file(from);
    await this.#request(from, signal, (abortSignal) =>
      copyObject(
        this.#target,
        { key: fromKey, size: file.ContentLength ?? 0, etag: file.ETag },
        this.#keys.file(to),
        { concurrency: this.#settings.maxPartsInFlight, signal: abortSignal },
      ),
    );
    await this.#deleteKey(fromKey, from, signal);
  }

  /** HeadObject of the file at `path`, or undefined when there is none. */
  async #headFile(path: string, signal?: AbortSignal, checksums = false): Promise<HeadObjectCommandOutput | undefined> {
    if (path === '/') return undefined;
    try {
      return await this.#target.client.send(
        new HeadObjectCommand({
          Bucket: this.#target.bucket,
          Key: this.#keys.file(path),
          ...(checksums && { ChecksumMode: 'ENABLED' }),
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.#failure(error, path, signal);
    }
  }

  /** A directory exists when its marker or any key below it does; '/' always exists. */
  async #directoryExists(path: string, signal?: AbortSignal): Promise<boolean> {
    if (path === '/') return true;
    const objects = await firstObjects(this.#target, this.#keys.dir(path), 1, path, signal);
    return objects.length > 0;
  }

  /**
   * #directoryExists for a directory that usually exists with a marker (the parent of a new
   * file): one HeadObject of the marker, and the prefix listing only when there is none.
   */
  async #parentExists(path: string, signal?: AbortSignal): Promise<boolean> {
    if (path === '/') return true;
    const prefix = this.#keys.dir(path);
    try {
      await this.#target.client.send(new HeadObjectCommand({ Bucket: this.#target.bucket, Key: prefix }), { abortSignal: signal });
      return true;
    } catch (error) {
      if (!isNotFound(error)) throw this.#failure(error, path, signal);
    }
    return this.#directoryExists(path, signal);
  }

  async #deleteKey(key: string, path: string, signal?: AbortSignal): Promise<void> {
    await this.#request(path, signal, (abortSignal) =>
      this.#target.client.send(new DeleteObjectCommand({ Bucket: this.#target.bucket, Key: key }), { abortSignal }),
    );
  }

  async #request<T>(path: string, signal: AbortSignal | undefined, run: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await run(signal);
    } catch (error) {
      throw this.#failure(error, path, signal);
    }
  }

  #failure(error: unknown, path: string, signal?: AbortSignal): StorageError {
    if (signal?.aborted) return aborted(signal.reason);
    return classifyS3Error(error, path);
  }
}

/** Bytes [0, n) of the existing object the new one keeps; `resume` past the end is invalid. */
function bytesToKeep(mode: WriteMode, existingSize: number): number {
  switch (mode.kind) {
    case 'create':
      return 0;
    case 'append':
      return existingSize;
    case 'resume':
      if (mode.offset > existingSize) throw invalidArgument(`resume offset ${mode.offset} is past the end (${existingSize} bytes)`);
      return mode.offset;
  }
}
