/**
 * MemoryDriver subclasses that misbehave on purpose, as failing backends do: our own reference
 * driver with a fault injected, not a mock of a real backend.
 */
import { Readable } from 'node:stream';
import { MemoryDriver, StorageError, whenAborted, type ReadOptions, type WriteOptions, type WriteResult } from '@bucketftp/storage';

/** Uploads fail with `unavailable` once `failAfterBytes` bytes of one upload have been taken. */
export class FailingWriteDriver extends MemoryDriver {
  failures = 0;

  constructor(private readonly failAfterBytes: number) {
    super();
  }

  override async write(path: string, source: AsyncIterable<Uint8Array>, options?: WriteOptions): Promise<WriteResult> {
    const limit = this.failAfterBytes;
    const onFailure = () => (this.failures += 1);
    async function* untilTheBackendDies(): AsyncGenerator<Uint8Array> {
      let taken = 0;
      for await (const chunk of source) {
        taken += chunk.byteLength;
        if (taken > limit) {
          onFailure();
          throw new StorageError('unavailable', 'upstream connection reset by 10.0.0.9');
        }
        yield chunk;
      }
    }
    return await super.write(path, untilTheBackendDies(), options);
  }
}

/** Uploads stop being consumed after `stallAfterBytes` bytes, until the transfer's signal aborts. */
export class StallingWriteDriver extends MemoryDriver {
  constructor(private readonly stallAfterBytes: number) {
    super();
  }

  override async write(path: string, source: AsyncIterable<Uint8Array>, options?: WriteOptions): Promise<WriteResult> {
    const limit = this.stallAfterBytes;
    const signal = options?.signal;
    async function* stalling(): AsyncGenerator<Uint8Array> {
      let taken = 0;
      for await (const chunk of source) {
        yield chunk;
        taken += chunk.byteLength;
        if (taken >= limit) {
          await new Promise<void>((resolve) => whenAborted(signal, resolve));
          throw new StorageError('aborted', 'upload aborted');
        }
      }
    }
    return await super.write(path, stalling(), options);
  }
}

/** Counts the bytes handed out by reads, to show how much of a file was pulled from the backend. */
export class CountingReadDriver extends MemoryDriver {
  bytesRead = 0;

  override async read(path: string, options?: ReadOptions): Promise<Readable> {
    const source = await super.read(path, options);
    const count = (bytes: number) => (this.bytesRead += bytes);
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        count((chunk as Uint8Array).byteLength);
        yield chunk as Uint8Array;
      }
    }
    // Pulled chunk by chunk: what is counted is what the transfer asked the backend for.
    return Readable.from(counted(), { objectMode: false });
  }
}

/** Listings fail with `unavailable` after `entries` entries. */
export class FailingListDriver extends MemoryDriver {
  constructor(private readonly entries: number) {
    super();
  }

  override async *list(path: string, options?: Parameters<MemoryDriver['list']>[1]): ReturnType<MemoryDriver['list']> {
    let given = 0;
    for await (const entry of super.list(path, options)) {
      if (given++ >= this.entries) throw new StorageError('unavailable', 'listing broke at 10.0.0.9');
      yield entry;
    }
  }
}
