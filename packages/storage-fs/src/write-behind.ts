/**
 * Writes an upload's chunks to a file behind the socket that delivers them. A socket hands over
 * 64 KiB at a time; writing each chunk alone costs one trip to libuv's thread pool per chunk, and
 * the socket waits for every one. Here one write is in flight while the chunks that arrive meanwhile
 * are gathered and then written together with one `writev`. `accept` waits only when more than
 * `limitBytes` are gathered, so an upload holds at most twice that in memory (the write in flight and
 * the chunks gathered behind it): 2 MiB with the default.
 */
import type { FileHandle } from 'node:fs/promises';

/** 1 MiB: 256 MiB STORs went from 516 to 786 MiB/s and from 2.24 to 1.64 s of CPU per GiB against chunk-by-chunk writes (`npm run bench -- --only fs-transfer`). */
export const WRITE_BEHIND_BYTES = 1024 * 1024;

export class WriteBehind {
  private gathered: Uint8Array[] = [];
  private gatheredBytes = 0;
  /** The loop writing what is gathered; undefined when idle. */
  private writing: Promise<void> | undefined;
  /** The one `writev` in flight. */
  private step: Promise<void> = Promise.resolve();
  private failure: { readonly error: unknown } | undefined;
  private accepted = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly limitBytes = WRITE_BEHIND_BYTES,
  ) {}

  /** Every byte taken so far; once `flush` resolved, every one of them is in the file. */
  get bytesAccepted(): number {
    return this.accepted;
  }

  /** Takes `chunk` (the caller must not change it afterwards); waits while too much is gathered. */
  async accept(chunk: Uint8Array): Promise<void> {
    this.throwIfFailed();
    if (chunk.byteLength === 0) return;
    this.gathered.push(chunk);
    this.gatheredBytes += chunk.byteLength;
    this.accepted += chunk.byteLength;
    this.writing ??= this.writeGathered();
    // Each finished write takes everything gathered behind it.
    while (this.gatheredBytes >= this.limitBytes && this.writing !== undefined) await this.step.catch(() => undefined);
    this.throwIfFailed();
  }

  /** Resolves once every accepted chunk is in the file; rejects with the first write's failure. */
  async flush(): Promise<void> {
    while (this.writing !== undefined) await this.writing;
    this.throwIfFailed();
  }

  /** Writes what is gathered, then what gathered meanwhile, until nothing is left or a write fails. */
  private async writeGathered(): Promise<void> {
    try {
      while (this.gathered.length > 0) {
        const buffers = this.gathered;
        this.gathered = [];
        this.gatheredBytes = 0;
        this.step = writeAll(this.handle, buffers);
        await this.step;
      }
    } catch (error) {
      this.failure = { error };
      this.gathered = [];
      this.gatheredBytes = 0;
    } finally {
      this.writing = undefined;
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** `writev` until every byte is written: a regular file may take fewer bytes than asked. */
async function writeAll(handle: FileHandle, buffers: Uint8Array[]): Promise<void> {
  let rest = buffers;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest);
    rest = remainderAfter(rest, bytesWritten);
  }
}

/** What of `buffers` is left once their first `bytes` are written. */
export function remainderAfter(buffers: Uint8Array[], bytes: number): Uint8Array[] {
  let skipped = bytes;
  let index = 0;
  while (index < buffers.length && skipped >= buffers[index]!.byteLength) skipped -= buffers[index++]!.byteLength;
  if (index === buffers.length) return [];
  return [buffers[index]!.subarray(skipped), ...buffers.slice(index + 1)];
}
