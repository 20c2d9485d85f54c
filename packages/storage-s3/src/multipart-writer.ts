/**
 * Streams one upload into one S3 object.
 *
 * - The source is copied into part buffers (part-buffer.ts) sized by part-sizing.ts. A source that
 *   ends before the first buffer fills becomes a single PutObject; otherwise every full buffer is
 *   uploaded as a part of a multipart upload, and the tail (possibly < 5 MiB) as the last part.
 * - Memory and concurrency are bounded by upload-window.ts: peak buffered bytes
 *   ≤ max(bufferBudgetBytes, largest part) and ≤ (maxPartsInFlight + 1) × largest part.
 *   While maxPartsInFlight parts are uploading, nothing more is pulled from the source.
 * - Resume/append heads (head-plan.ts) are copied server-side or read into the first buffer.
 * - The object appears only when PutObject or CompleteMultipartUpload succeeds.
 * - Checks that may still be running (`preconditions`) are awaited before the first request to S3,
 *   except by a single PutObject, which goes out with them under a condition (single-put.ts).
 * - On failure: under `discard` the multipart upload is aborted (no object, the previous one
 *   untouched, no multipart upload left behind). Under `keep`, when the source failed or the
 *   signal aborted, the bytes received are committed first and the write still rejects with the
 *   original error. A failure of S3 itself always discards: a part is missing, so nothing
 *   consistent can be committed.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { aborted, keepsPartial, StorageError, whenAborted, type PartialUploadPolicy, type WriteResult } from '@bucketftp/storage';
import { forEachBounded } from '@bucketftp/storage/object-store';
import { raceAbort } from './abort.js';
import { copySource } from './copy-source.js';
import { classifyS3Error } from './errors.js';
import { rangeHeader, type ByteRange, type HeadPlan } from './head-plan.js';
import { S3_LIMITS } from './limits.js';
import { PartBuffer } from './part-buffer.js';
import { putWholeObject } from './single-put.js';
import type { PartSizing } from './part-sizing.js';
import type { S3Target } from './target.js';
import { UploadWindow } from './upload-window.js';

/** Where the first part's buffer starts: one socket read; it grows as the file proves larger. */
const FIRST_PART_START_BYTES = 64 * 1024;

export interface MultipartWriterOptions {
  readonly target: S3Target;
  readonly key: string;
  /** The virtual path, for error messages. */
  readonly path: string;
  readonly sizing: PartSizing;
  /** A source shorter than this is sent as one PutObject (the first buffer is at least this big). */
  readonly multipartThresholdBytes: number;
  readonly bufferBudgetBytes: number;
  readonly maxPartsInFlight: number;
  readonly partial: PartialUploadPolicy;
  readonly head: HeadPlan;
  /**
   * Checks against what exists (parent present, no directory of that name) still running while the
   * source is read. Nothing is sent to S3 before they pass (but a single PutObject conditional on
   * no object being there, undone if they fail: single-put.ts); when they fail, reading stops and
   * the upload fails with their error (whatever the partial policy), so nothing is stored.
   */
  readonly preconditions?: Promise<void>;
  readonly signal?: AbortSignal;
}

/** What one upload did; reported to `onUploadFinished` and checked by the tests. */
export interface UploadStats {
  /** Size of the object written (kept head included), or of what was received when it failed. */
  readonly bytes: number;
  /** Bytes taken from the source. */
  readonly receivedBytes: number;
  /** Parts of the multipart upload (copied head parts included); 0 for a single PutObject. */
  readonly parts: number;
  /** Highest number of bytes held in part buffers at any time. */
  readonly peakBufferedBytes: number;
  readonly committed: boolean;
}

/** A failure of the source itself, kept apart from S3 failures (only these are subject to `keep`). */
class SourceFailure extends Error {
  constructor(readonly error: unknown) {
    super('the upload source failed', { cause: error });
  }
}

export class MultipartWriter {
  readonly #options: MultipartWriterOptions;
  readonly #window: UploadWindow;
  /** Stops pulling from the source: the signal aborted or S3 failed. Its reason is the error to report. */
  readonly #stop = new AbortController();
  /** Cancels requests of parts: S3 failed, or the upload is being discarded. */
  readonly #cancelParts = new AbortController();
  readonly #running = new Set<Promise<void>>();
  readonly #completed = new Map<number, CompletedPart>();
  #backendFailure: StorageError | undefined;
  #uploadId: string | undefined;
  #current: PartBuffer | undefined;
  /**
   * Buffers of parts already acknowledged, reused for the next parts of the same size: no fresh
   * 8 MiB+ allocation (page faults, then garbage collection) per part. They never outnumber the
   * buffers the window allowed at once, so the memory bound is unchanged.
   */
  readonly #spare: PartBuffer[] = [];
  #nextPartNumber = 1;
  #headBytes = 0;
  #headComplete = false;
  #receivedBytes = 0;
  #partsStarted = 0;
  #committed = false;
  #preconditionsSettled = false;

  constructor(options: MultipartWriterOptions) {
    this.#options = options;
    this.#window = new UploadWindow(options.bufferBudgetBytes, options.maxPartsInFlight);
  }

  get stats(): UploadStats {
    return {
      bytes: this.#headBytes + this.#receivedBytes,
      receivedBytes: this.#receivedBytes,
      parts: this.#partsStarted,
      peakBufferedBytes: this.#window.peakBytes,
      committed: this.#committed,
    };
  }

  /** Streams `source` into the object; resolves once it is committed. Call once. */
  async write(source: AsyncIterable<Uint8Array>): Promise<WriteResult> {
    const { signal } = this.#options;
    if (signal?.aborted) throw aborted(signal.reason);
    const stopListening = whenAborted(signal, () => this.#abortedBySignal(signal));
    // A failed check stops reading at once; the rejection is also awaited before any S3 request.
    this.#options.preconditions?.then(
      () => (this.#preconditionsSettled = true),
      (error: unknown) => {
        this.#preconditionsSettled = true;
        this.#failed(error);
      },
    );
    try {
      try {
        await this.#startHead();
        await this.#pump(source);
      } catch (failure) {
        return await this.#recover(failure);
      }
      try {
        return await this.#commit();
      } catch (error) {
        await this.#discard();
        throw this.#backendFailure ?? classifyS3Error(error, this.#options.path);
      }
    } finally {
      stopListening();
      this.#dropCurrent();
    }
  }

  #abortedBySignal(signal: AbortSignal | undefined): void {
    this.#stop.abort(aborted(signal?.reason));
    if (this.#options.partial === 'discard') this.#cancelParts.abort();
  }

  /** Records the first S3 failure and stops everything; returns the error to report. */
  #failed(error: unknown): StorageError {
    if (this.#backendFailure === undefined) {
      this.#backendFailure = classifyS3Error(error, this.#options.path);
      this.#stop.abort(this.#backendFailure);
      this.#cancelParts.abort();
    }
    return this.#backendFailure;
  }

  /** The error a failed S3 call stands for: the abort that cancelled it, or an S3 failure. */
  #requestFailed(error: unknown): unknown {
    if (this.#cancelParts.signal.aborted || this.#stop.signal.aborted) return this.#stop.signal.reason ?? error;
    return this.#failed(error);
  }

  // ---- the head kept by resume / append -------------------------------------------------------

  async #startHead(): Promise<void> {
    const { head } = this.#options;
    if (head.kind === 'none') {
      this.#headComplete = true;
      return;
    }
    this.#headBytes = head.bytes;
    if (head.kind === 'inline') {
      await this.#readInlineHead(head.source.key, head.bytes, head.source.etag);
    } else {
      await this.#ensureMultipartUpload();
      this.#nextPartNumber = head.ranges.length + 1;
      this.#partsStarted += head.ranges.length;
      this.#track(this.#copyHead(head.source.key, head.source.etag, head.ranges));
    }
    this.#headComplete = true;
  }

  async #readInlineHead(key: string, bytes: number, etag: string | undefined): Promise<void> {
    const { target } = this.#options;
    const buffer = await this.#allocate(this.#stop.signal);
    try {
      const response = await target.client.send(
        new GetObjectCommand({ Bucket: target.bucket, Key: key, Range: rangeHeader({ first: 0, last: bytes - 1 }), IfMatch: etag }),
        { abortSignal: this.#cancelParts.signal },
      );
      for await (const chunk of response.Body as AsyncIterable<Uint8Array>) buffer.append(chunk);
    } catch (error) {
      throw this.#requestFailed(error);
    }
    if (buffer.length !== bytes) throw this.#failed(new Error(`head of ${key} read ${buffer.length} of ${bytes} bytes`));
  }

  async #copyHead(sourceKey: string, etag: string | undefined, ranges: readonly ByteRange[]): Promise<void> {
    const { target, key, maxPartsInFlight } = this.#options;
    const numbered = ranges.map((range, index) => ({ range, partNumber: index + 1 }));
    try {
      await forEachBounded(numbered, maxPartsInFlight, async ({ range, partNumber }) => {
        const result = await target.client.send(
          new UploadPartCopyCommand({
            Bucket: target.bucket,
            Key: key,
            UploadId: this.#uploadId,
            PartNumber: partNumber,
            CopySource: copySource(target.bucket, sourceKey),
            CopySourceRange: rangeHeader(range),
            CopySourceIfMatch: etag,
          }),
          { abortSignal: this.#cancelParts.signal },
        );
        this.#completed.set(partNumber, { PartNumber: partNumber, ETag: result.CopyPartResult?.ETag });
      });
    } catch (error) {
      this.#requestFailed(error);
    }
  }

  // ---- pulling the source into parts ----------------------------------------------------------

  async #pump(source: AsyncIterable<Uint8Array>): Promise<void> {
    const iterator = source[Symbol.asyncIterator]();
    let ended = false;
    try {
      for (;;) {
        let step: IteratorResult<Uint8Array>;
        try {
          step = await raceAbort(iterator.next(), this.#stop.signal);
        } catch (error) {
          if (this.#stop.signal.aborted && error === this.#stop.signal.reason) throw error;
          ended = true; // a source that threw is finished
          throw new SourceFailure(error);
        }
        if (step.done === true) {
          ended = true;
          return;
        }
        await this.#take(step.value);
      }
    } finally {
      if (!ended) stopSource(iterator);
    }
  }

  async #take(chunk: Uint8Array): Promise<void> {
    let rest = chunk;
    while (rest.byteLength > 0) {
      const buffer = this.#current ?? (await this.#allocate(this.#stop.signal));
      const taken = buffer.append(rest);
      this.#receivedBytes += taken;
      rest = rest.subarray(taken);
      if (this.#headBytes + this.#receivedBytes > S3_LIMITS.maxObjectBytes) {
        throw this.#failed(new StorageError('quota', `object larger than 5 TiB: ${this.#options.path}`));
      }
      if (buffer.full) await this.#flush(this.#stop.signal);
    }
  }

  /** Reserves and starts the next part buffer. */
  async #allocate(signal: AbortSignal): Promise<PartBuffer> {
    const partNumber = this.#nextPartNumber;
    if (partNumber > S3_LIMITS.maxParts) {
      throw this.#failed(new StorageError('quota', `upload needs more than 10,000 parts: ${this.#options.path}`));
    }
    let bytes = this.#options.sizing.partBytes(partNumber);
    if (partNumber === 1) bytes = Math.max(bytes, this.#options.multipartThresholdBytes);
    await this.#window.reserve(bytes, signal);
    const spare = this.#spare.pop();
    // The first part may be a whole small file: its buffer starts small and grows (part-buffer.ts).
    this.#current = spare?.capacity === bytes ? spare.reset() : new PartBuffer(bytes, partNumber === 1 ? FIRST_PART_START_BYTES : bytes);
    // A spare of another size (the part size grew) is dropped with the mismatch above.
    if (spare !== undefined && spare !== this.#current) this.#spare.length = 0;
    return this.#current;
  }

  /** Uploads the current buffer as the next part (waiting for a free slot first). */
  async #flush(signal: AbortSignal): Promise<void> {
    await this.#ensureMultipartUpload();
    await this.#window.beginUpload(signal);
    const buffer = this.#current;
    if (buffer === undefined) {
      this.#window.endUpload();
      return;
    }
    this.#current = undefined;
    const partNumber = this.#nextPartNumber++;
    this.#partsStarted += 1;
    this.#track(this.#uploadPart(partNumber, buffer));
  }

  async #uploadPart(partNumber: number, buffer: PartBuffer): Promise<void> {
    const { target, key } = this.#options;
    try {
      const body = buffer.contents();
      const result = await target.client.send(
        new UploadPartCommand({ Bucket: target.bucket, Key: key, UploadId: this.#uploadId, PartNumber: partNumber, Body: body, ContentLength: body.byteLength }),
        { abortSignal: this.#cancelParts.signal },
      );
      this.#completed.set(partNumber, { PartNumber: partNumber, ETag: result.ETag });
      // Only an acknowledged part's buffer is reused: the request no longer reads it. After a failure
      // a destroyed request might still hold it, so it is left to the garbage collector.
      this.#spare.push(buffer);
    } catch (error) {
      this.#requestFailed(error);
    } finally {
      this.#window.endUpload();
      this.#window.release(buffer.capacity);
    }
  }

  async #ensureMultipartUpload(): Promise<void> {
    if (this.#uploadId !== undefined) return;
    await this.#preconditionsPassed();
    if (this.#uploadId !== undefined) return;
    const { target, key } = this.#options;
    // Not cancellable: S3 could create the upload after we stopped listening and leave it orphaned.
    try {
      const created = await target.client.send(new CreateMultipartUploadCommand({ Bucket: target.bucket, Key: key, ...target.attributes }));
      this.#uploadId = created.UploadId;
    } catch (error) {
      throw this.#failed(error);
    }
    if (this.#uploadId === undefined) throw this.#failed(new Error('CreateMultipartUpload returned no UploadId'));
  }

  /** Resolves once the checks passed; throws their failure, recorded as the upload's S3 failure. */
  async #preconditionsPassed(): Promise<void> {
    try {
      await this.#options.preconditions;
    } catch (error) {
      throw this.#failed(error);
    }
  }

  #track(task: Promise<void>): void {
    const tracked: Promise<void> = task.finally(() => this.#running.delete(tracked));
    this.#running.add(tracked);
  }

  async #settle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  #dropCurrent(): void {
    if (this.#current === undefined) return;
    this.#window.release(this.#current.capacity);
    this.#current = undefined;
  }

  // ---- commit, keep or discard ----------------------------------------------------------------

  /** Makes the bytes so far the object. Commit requests are not cancellable: once sent, they finish. */
  async #commit(): Promise<WriteResult> {
    const { target, key } = this.#options;
    const size = this.#headBytes + this.#receivedBytes;
    if (this.#uploadId === undefined) {
      const body = this.#current?.contents() ?? Buffer.alloc(0);
      const checks = this.#options.preconditions && { passed: () => this.#preconditionsPassed(), pending: !this.#preconditionsSettled };
      const put = await putWholeObject(target, key, body, checks);
      this.#committed = true;
      return committedObject(size, put);
    }
    if (this.#current !== undefined && this.#current.length > 0) await this.#flush(this.#cancelParts.signal);
    this.#dropCurrent();
    await this.#settle();
    if (this.#backendFailure) throw this.#backendFailure;
    if (this.#completed.size !== this.#nextPartNumber - 1) {
      // A part was cancelled (the signal aborted while discarding): completing would drop it.
      throw this.#stop.signal.reason ?? new StorageError('unavailable', `upload incomplete: ${this.#options.path}`);
    }
    const parts = [...this.#completed.values()].sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    const completed = await target.client.send(
      new CompleteMultipartUploadCommand({ Bucket: target.bucket, Key: key, UploadId: this.#uploadId, MultipartUpload: { Parts: parts } }),
    );
    this.#uploadId = undefined;
    this.#committed = true;
    return committedObject(size, completed);
  }

  /** Cancels what is in flight and aborts the multipart upload, so nothing is left behind. */
  async #discard(): Promise<void> {
    this.#cancelParts.abort();
    await this.#settle();
    this.#dropCurrent();
    const uploadId = this.#uploadId;
    if (uploadId === undefined) return;
    this.#uploadId = undefined;
    const { target, key } = this.#options;
    try {
      await target.client.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: key, UploadId: uploadId }));
    } catch {
      // Nothing more can be done here; a bucket lifecycle rule (AbortIncompleteMultipartUpload)
      // is the backstop, see README.md.
    }
  }

  /** After the source failed, the signal aborted or S3 failed: keep or discard, then reject. */
  async #recover(failure: unknown): Promise<never> {
    const fromSource = failure instanceof SourceFailure;
    const reported = fromSource ? failure.error : (this.#backendFailure ?? failure);
    const keep = keepsPartial(this.#options.partial, reported) && this.#backendFailure === undefined && this.#headComplete;
    if (keep) {
      try {
        await this.#commit();
      } catch {
        await this.#discard();
      }
    } else {
      await this.#discard();
    }
    throw reported;
  }
}

/** Tells a source we gave up on to stop; not awaited, as it may be waiting for data that never comes. */
function stopSource(iterator: AsyncIterator<Uint8Array>): void {
  try {
    Promise.resolve(iterator.return?.()).catch(() => undefined);
  } catch {
    // a source that cannot even be told to stop is left to its owner
  }
}

/**
 * The write result with what S3 answered the commit with: the ETag, and the VersionId on versioned
 * buckets (`null`, what an unversioned bucket may name its only version, is left out).
 */
function committedObject(size: number, output: { ETag?: string | undefined; VersionId?: string | undefined }): WriteResult {
  return {
    size,
    ...(output.ETag === undefined ? {} : { etag: output.ETag }),
    ...(output.VersionId === undefined || output.VersionId === 'null' ? {} : { versionId: output.VersionId }),
  };
}
