/**
 * The local-directory driver, the embedded default: virtual paths map onto a root folder, uploads
 * are staged in temporary files and renamed into place, and errno codes become storage errors.
 */
import type { Stats } from 'node:fs';
import { lstat, mkdir, open, opendir, rename, rm, rmdir, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addAbortSignal, type Readable } from 'node:stream';
import {
  alreadyExists,
  baseName,
  invalidArgument,
  isADirectory,
  isSameOrInside,
  keepsPartial,
  notADirectory,
  notFound,
  checkBeforeCommit,
  receiveChunks,
  StorageError,
  throwIfAborted,
  type Capabilities,
  type Entry,
  type HashAlgorithm,
  type OperationOptions,
  type ReadOptions,
  type StorageDriver,
  type WriteMode,
  type WriteOptions,
  type WriteResult,
  type StorageLocation,
} from '@bucketftp/storage';
import { errorCode, isNothingThere, toStorageError } from './fs-errors.js';
import { isUploadTemp, RootJail } from './root-jail.js';
import { sweepUploadTemps } from './sweep.js';
import { TempUpload, type UploadBase } from './temp-upload.js';

export interface FsDriverOptions {
  /** The folder that holds the files; it must exist. */
  readonly root: string;
  /**
   * fsync each uploaded file before it is renamed into place and its folder after, so a committed
   * upload survives a crash or power loss. Default false: the rename alone still guarantees that no
   * partial or truncated file ever appears, but the last seconds of uploads may be lost with the
   * machine (vsftpd, proftpd and pyftpdlib behave the same).
   */
  readonly durable?: boolean;
}

/** Entries stat'ed at once while listing. */
const LIST_BATCH = 64;
/** Bytes per read when serving a file. */
const READ_CHUNK_BYTES = 256 * 1024;

export class FsDriver implements StorageDriver {
  readonly kind = 'fs';
  readonly capabilities: Capabilities = { append: true, resume: true, renameDirectories: true, setModified: true };

  /** Whether an upload is fsync'd (file, then folder) before `write` resolves. */
  readonly durable: boolean;

  private readonly jail: RootJail;

  constructor(options: FsDriverOptions) {
    this.jail = new RootJail(options.root);
    this.durable = options.durable ?? false;
  }

  async stat(path: string, options: OperationOptions = {}): Promise<Entry> {
    throwIfAborted(options.signal);
    const [, stats] = await this.jail.resolveWith(path, (at) => existing(at, path));
    const entry = toEntry(baseName(path), stats);
    if (!entry) throw notFound(path);
    return entry;
  }

  async *list(path: string, options: OperationOptions = {}): AsyncGenerator<Entry, void, undefined> {
    throwIfAborted(options.signal);
    const [local, stats] = await this.jail.resolveWith(path, (at) => existing(at, path));
    if (!stats.isDirectory()) throw notADirectory(path);
    const directory = await opendir(local).catch((error: unknown) => {
      throw toStorageError(error, path);
    });
    // Entries are lstat'ed LIST_BATCH at a time (in parallel on the thread pool), so memory stays
    // bounded while a large folder is not listed one round trip per entry. The directory handle is
    // closed by for-await when the loop ends, breaks or throws.
    let batch: string[] = [];
    const flush = async () => {
      const names = batch;
      batch = [];
      return await Promise.all(names.map((name) => this.entryOf(join(local, name), name)));
    };
    for await (const dirent of directory) {
      throwIfAborted(options.signal);
      if (isUploadTemp(dirent.name)) continue;
      batch.push(dirent.name);
      if (batch.length < LIST_BATCH) continue;
      for (const entry of await flush()) if (entry) yield entry;
    }
    for (const entry of await flush()) if (entry) yield entry;
  }

  async read(path: string, options: ReadOptions = {}): Promise<Readable> {
    throwIfAborted(options.signal);
    const start = options.offset ?? 0;
    assertByteOffset(start);
    const [local, stats] = await this.jail.resolveWith(path, (at) => existing(at, path));
    if (stats.isDirectory()) throw isADirectory(path);
    // FIFOs and devices are not files to serve (and opening a FIFO would block).
    if (!stats.isFile()) throw notFound(path);
    const handle = await open(local, 'r').catch((error: unknown) => {
      throw isNothingThere(error) ? notFound(path, error) : toStorageError(error, path);
    });
    // 256 KiB reads: the default 64 KiB costs a third of RETR throughput (measured by the benchmark).
    const stream = handle.createReadStream({ start, highWaterMark: READ_CHUNK_BYTES });
    return options.signal ? addAbortSignal(options.signal, stream) : stream;
  }

  async write(path: string, source: AsyncIterable<Uint8Array>, options: WriteOptions = {}): Promise<WriteResult> {
    throwIfAborted(options.signal);
    const mode = options.mode ?? { kind: 'create' };
    if (mode.kind === 'resume') assertByteOffset(mode.offset);
    const [target, current] = await this.jail.resolveWith(path, (at) => statIfAny(at, path));
    if (current?.isDirectory()) throw isADirectory(path);
    const temp = await TempUpload.open(dirname(target), uploadBase(target, path, mode, current), permissions(current)).catch(
      (error: unknown) => {
        throw toStorageError(error, path);
      },
    );
    // A step on the temporary file that fails removes it and is answered as a storage error.
    const onTemp = async <T>(step: () => Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (error) {
        await temp.discard();
        throw toStorageError(error, path);
      }
    };
    let outcome = await onTemp(() => receiveChunks(source, options.signal, (chunk) => temp.append(chunk)));
    // A clean upload is written and closed before the caller's last check, whose wait overlaps
    // that work; only the rename is left for after it. A failed one is finished only if kept.
    let size = outcome.ok ? await onTemp(() => temp.finish(this.durable)) : undefined;
    outcome = await checkBeforeCommit(outcome, options);
    if (!outcome.ok && !keepsPartial(options.partial, outcome.failure)) {
      await temp.discard();
      throw outcome.failure;
    }
    size ??= await onTemp(() => temp.finish(this.durable));
    await onTemp(() => temp.publish(target, this.durable));
    if (!outcome.ok) throw outcome.failure;
    return { size };
  }

  locate(path: string): StorageLocation {
    const local = join(this.jail.root, ...path.split('/').filter((segment) => segment !== ''));
    return { driver: 'fs', key: local, url: pathToFileURL(local).href };
  }

  async mkdir(path: string, options: OperationOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const local = await this.jail.resolve(path);
    await mkdir(local).catch((error: unknown) => {
      throw toStorageError(error, path);
    });
  }

  async rmdir(path: string, options: OperationOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    if (path === '/') throw new StorageError('permission', 'the root directory cannot be removed');
    const [local, stats] = await this.jail.resolveWith(path, (at) => existing(at, path));
    if (!stats.isDirectory()) throw notADirectory(path);
    try {
      await rmdir(local);
    } catch (error) {
      const code = errorCode(error);
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !(await removeLeftoverUploads(local))) {
        throw toStorageError(error, path);
      }
      await rmdir(local).catch((retryError: unknown) => {
        throw toStorageError(retryError, path);
      });
    }
  }

  async delete(path: string, options: OperationOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const [local, stats] = await this.jail.resolveWith(path, (at) => existing(at, path, lstat));
    if (stats.isDirectory()) throw isADirectory(path);
    await unlink(local).catch((error: unknown) => {
      throw toStorageError(error, path);
    });
  }

  async rename(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    if (from === '/') throw new StorageError('permission', 'the root directory cannot be renamed');
    const source = await this.jail.resolve(from);
    const target = await this.jail.resolve(to);
    const moving = await existing(source, from, lstat);
    const replaced = await statIfAny(target, to, lstat);
    if (moving.isDirectory()) {
      if (isSameOrInside(to, from)) throw invalidArgument(`cannot move ${from} inside itself`);
      // POSIX rename would replace an empty directory; the contract refuses any target.
      if (replaced) throw alreadyExists(to);
    } else if (replaced?.isDirectory()) {
      throw isADirectory(to);
    }
    await rename(source, target).catch((error: unknown) => {
      throw toStorageError(error, to);
    });
  }

  /** The file's own mtime (the access time is set along with it). */
  async setModified(path: string, mtime: Date, options: OperationOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const [local, stats] = await this.jail.resolveWith(path, (at) => existing(at, path));
    if (stats.isDirectory()) throw isADirectory(path);
    if (!stats.isFile()) throw notFound(path);
    await utimes(local, mtime, mtime).catch((error: unknown) => {
      throw toStorageError(error, path);
    });
  }

  /** The file system keeps no checksums: the caller streams the file instead. */
  async storedHash(path: string, _algorithm: HashAlgorithm, options: OperationOptions = {}): Promise<undefined> {
    const entry = await this.stat(path, options);
    if (entry.type === 'dir') throw isADirectory(path);
    return undefined;
  }

  async sweepLeftovers(olderThanMs: number, options: OperationOptions = {}): Promise<number> {
    return sweepUploadTemps(this.jail.root, olderThanMs, options.signal);
  }

  async ping(options: OperationOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const root = await this.jail.rootRealPath();
    const stats = await stat(root).catch((error: unknown) => {
      throw new StorageError('unavailable', 'the storage root cannot be reached', { cause: error });
    });
    if (!stats.isDirectory()) throw new StorageError('unavailable', 'the storage root is not a directory');
  }

  /** A listed entry; symlinks are followed when they lead inside the root, anything else is skipped. */
  private async entryOf(local: string, name: string): Promise<Entry | undefined> {
    try {
      const stats = await lstat(local);
      if (!stats.isSymbolicLink()) return toEntry(name, stats);
      return (await this.jail.leadsInside(local)) ? toEntry(name, await stat(local)) : undefined;
    } catch (error) {
      // Removed while the listing ran.
      if (isNothingThere(error)) return undefined;
      throw toStorageError(error, local);
    }
  }
}

function assertByteOffset(offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalidArgument(`not a byte offset: ${offset}`);
}

function toEntry(name: string, stats: Stats): Entry | undefined {
  if (stats.isDirectory()) return { name, type: 'dir', size: 0, mtime: stats.mtime };
  if (stats.isFile()) return { name, type: 'file', size: stats.size, mtime: stats.mtime };
  return undefined; // sockets, FIFOs and devices are not files to serve
}

type StatCall = (local: string) => Promise<Stats>;

/** Stats of what is at `local`; `not-found` when nothing is (a file met as a directory included). */
async function existing(local: string, path: string, statCall: StatCall = stat): Promise<Stats> {
  try {
    return await statCall(local);
  } catch (error) {
    throw isNothingThere(error) ? notFound(path, error) : toStorageError(error, path);
  }
}

async function statIfAny(local: string, path: string, statCall: StatCall = stat): Promise<Stats | undefined> {
  try {
    return await statCall(local);
  } catch (error) {
    if (isNothingThere(error)) return undefined;
    throw toStorageError(error, path);
  }
}

/** What an upload in `mode` keeps of the current file; checks the resume offset against it. */
function uploadBase(target: string, path: string, mode: WriteMode, current: Stats | undefined): UploadBase | undefined {
  switch (mode.kind) {
    case 'create':
      return undefined;
    case 'append':
      return current ? { from: target } : undefined;
    case 'resume':
      if (mode.offset > (current?.size ?? 0)) {
        throw invalidArgument(`resume offset ${mode.offset} is past the end of ${path}`);
      }
      return current && mode.offset > 0 ? { from: target, keepBytes: mode.offset } : undefined;
  }
}

/** A replaced file keeps its permission bits. */
function permissions(current: Stats | undefined): number | undefined {
  return current ? current.mode & 0o7777 : undefined;
}

/**
 * Removes upload temporaries left in `directory` (by a crash, or an upload still running) when
 * they are all it holds; false when it holds anything else.
 */
async function removeLeftoverUploads(directory: string): Promise<boolean> {
  const leftovers: string[] = [];
  for await (const dirent of await opendir(directory)) {
    if (!isUploadTemp(dirent.name)) return false;
    leftovers.push(dirent.name);
  }
  await Promise.all(leftovers.map((name) => rm(join(directory, name), { force: true })));
  return true;
}
