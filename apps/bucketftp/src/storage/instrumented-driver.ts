/**
 * A StorageDriver decorator that times every backend operation and counts its errors by kind, for
 * the storage latency histograms. What is timed is the backend's share of the work:
 * - list: until the first entry (or the end of an empty listing), not the client's reading pace;
 * - read: until the stream is open (the request has been answered);
 * - write: from the last byte received to the commit (multipart completion, rename into place);
 * - everything else: the whole call.
 */
import type { Readable } from 'node:stream';
import {
  isStorageError,
  type Entry,
  type HashAlgorithm,
  type ListOptions,
  type OperationOptions,
  type ReadOptions,
  type StorageDriver,
  type WriteOptions,
  type WriteResult,
} from '@bucketftp/storage';

export interface OperationReport {
  readonly driver: string;
  readonly operation: string;
  readonly seconds: number;
  /** The failure, when the operation failed. */
  readonly error?: unknown;
}

export interface StorageRecorder {
  /** One per operation, failed ones included. */
  operation(report: OperationReport): void;
  /** A failure after the timed part (a listing breaking after its first entry). */
  lateError(report: Omit<OperationReport, 'seconds'> & { error: unknown }): void;
}

export class InstrumentedDriver implements StorageDriver {
  readonly kind: string;
  readonly capabilities: StorageDriver['capabilities'];
  readonly storedHash?: StorageDriver['storedHash'];
  readonly setModified?: StorageDriver['setModified'];

  constructor(
    readonly inner: StorageDriver,
    private readonly recorder: StorageRecorder,
  ) {
    this.kind = inner.kind;
    this.capabilities = inner.capabilities;
    const storedHash = inner.storedHash?.bind(inner);
    if (storedHash) {
      this.storedHash = (path: string, algorithm: HashAlgorithm, options?: OperationOptions) =>
        this.timed('storedHash', () => storedHash(path, algorithm, options));
    }
    const setModified = inner.setModified?.bind(inner);
    if (setModified) {
      this.setModified = (path: string, mtime: Date, options?: OperationOptions) =>
        this.timed('setModified', () => setModified(path, mtime, options));
    }
  }

  stat(path: string, options?: OperationOptions): Promise<Entry> {
    return this.timed('stat', () => this.inner.stat(path, options));
  }

  async *list(path: string, options?: ListOptions): AsyncGenerator<Entry, void, undefined> {
    const started = performance.now();
    let timed = false;
    const first = (error?: unknown) => {
      timed = true;
      this.report('list', started, error);
    };
    try {
      for await (const entry of this.inner.list(path, options)) {
        if (!timed) first();
        yield entry;
      }
      if (!timed) first();
    } catch (error) {
      if (!timed) first(error);
      else this.recorder.lateError({ driver: this.kind, operation: 'list', error });
      throw error;
    }
  }

  read(path: string, options?: ReadOptions): Promise<Readable> {
    return this.timed('read', () => this.inner.read(path, options));
  }

  async write(path: string, source: AsyncIterable<Uint8Array>, options?: WriteOptions): Promise<WriteResult> {
    const started = performance.now();
    let lastByte: number | undefined;
    const watched = endOf(source, () => (lastByte = performance.now()));
    try {
      const result = await this.inner.write(path, watched, options);
      this.report('write', lastByte ?? started);
      return result;
    } catch (error) {
      this.report('write', lastByte ?? started, error);
      throw error;
    }
  }

  mkdir(path: string, options?: OperationOptions): Promise<void> {
    return this.timed('mkdir', () => this.inner.mkdir(path, options));
  }

  rmdir(path: string, options?: OperationOptions): Promise<void> {
    return this.timed('rmdir', () => this.inner.rmdir(path, options));
  }

  delete(path: string, options?: OperationOptions): Promise<void> {
    return this.timed('delete', () => this.inner.delete(path, options));
  }

  rename(from: string, to: string, options?: OperationOptions): Promise<void> {
    return this.timed('rename', () => this.inner.rename(from, to, options));
  }

  async ping(options?: OperationOptions): Promise<void> {
    const ping = this.inner.ping?.bind(this.inner);
    if (ping) await this.timed('ping', () => ping(options));
  }

  async sweepLeftovers(olderThanMs: number, options?: OperationOptions): Promise<number> {
    const sweep = this.inner.sweepLeftovers?.bind(this.inner);
    return sweep ? await this.timed('sweep', () => sweep(olderThanMs, options)) : 0;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  private async timed<T>(operation: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await run();
      this.report(operation, started);
      return result;
    } catch (error) {
      this.report(operation, started, error);
      throw error;
    }
  }

  private report(operation: string, since: number, error?: unknown): void {
    this.recorder.operation({ driver: this.kind, operation, seconds: (performance.now() - since) / 1000, error });
  }
}

/** The kind a failure is counted under: the StorageError kind, or `internal` for anything else. */
export function errorKind(error: unknown): string {
  return isStorageError(error) ? error.kind : 'internal';
}

/**
 * `source` as is, calling `ended` when it reports its end. The iterator's own next/return/throw are
 * passed straight through, so a driver that stops reading early closes the real source at once.
 */
function endOf(source: AsyncIterable<Uint8Array>, ended: () => void): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      return {
        async next() {
          const result = await iterator.next();
          if (result.done) ended();
          return result;
        },
        return: iterator.return?.bind(iterator),
        throw: iterator.throw?.bind(iterator),
      };
    },
  };
}
