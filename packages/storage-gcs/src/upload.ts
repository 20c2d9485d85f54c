/**
 * Streaming an upload's bytes into a temporary object under the reserved prefix.
 *
 * Uploads never write the target directly: a resumable upload that is cut off must never become a
 * truncated target object, and with a temporary object that is true whatever the transport does.
 * The caller commits the temporary (copy or compose, see commit.ts) only once it is finalised.
 *
 * Memory: one resumable session streamed in a single request (no chunkSize), with the writable's
 * backpressure awaited chunk by chunk — a few source chunks in flight, never the file.
 */
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { aborted, keepsPartial, receiveChunks, whenAborted, type PartialUploadPolicy, type ReceiveOutcome } from '@bucketftp/storage';
import type { File } from '@google-cloud/storage';
import type { GcsContext } from './context.js';
import { toStorageError } from './errors.js';
import { deleteQuietly } from './objects.js';

export const CONTENT_TYPE = 'application/octet-stream';

export interface StagedUpload {
  /** The finalised temporary object. */
  readonly object: File;
  readonly size: number;
  /** Under `keep`: why the source ended early, rethrown once the received bytes are committed. */
  readonly failure?: unknown;
}

export interface StageOptions {
  /** The virtual path the bytes are for (error messages only). */
  readonly path: string;
  readonly partial: PartialUploadPolicy;
  readonly signal?: AbortSignal | undefined;
  /** Part of the temporary's name, so a leftover tells where it came from; default `upload`. */
  readonly purpose?: string;
}

/**
 * Streams `source` into a fresh temporary object and resolves once GCS has finalised it. A failing
 * source or an abort under `discard` deletes the temporary and rejects with that failure; under
 * `keep` the bytes received so far are finalised and the failure is returned alongside.
 */
export async function stageUpload(ctx: GcsContext, source: AsyncIterable<Uint8Array>, options: StageOptions): Promise<StagedUpload> {
  const object = ctx.bucket.file(ctx.keys.temp(options.purpose ?? 'upload'));
  const stream = openUpload(ctx, object);
  let size = 0;
  let outcome: ReceiveOutcome;
  try {
    outcome = await receiveChunks(source, options.signal, async (chunk) => {
      await writeChunk(stream, chunk, options.signal);
      size += chunk.byteLength;
    });
  } catch (error) {
    // The upload itself failed (the client has already aborted its request), or it stalled
    // while the signal fired.
    await abandon(stream, object);
    throw toStorageError(error, { path: options.path, signal: options.signal });
  }
  // What was received is finalised even when the source failed: ending the request is the only way
  // the client library lets go of it (destroying the stream leaves the request open). Under
  // `discard` that temporary is deleted right away; the target was never touched.
  try {
    stream.end();
    await finishedWithin(stream, ctx.requestTimeoutMs);
  } catch (error) {
    await abandon(stream, object);
    throw outcome.ok ? toStorageError(error, { path: options.path }) : outcome.failure;
  }
  if (outcome.ok) return { object, size };
  if (!keepsPartial(options.partial, outcome.failure)) {
    await deleteQuietly(object);
    throw outcome.failure;
  }
  return { object, size, failure: outcome.failure };
}

/**
 * A resumable upload (https://cloud.google.com/storage/docs/resumable-uploads) of unknown length,
 * streamed in one request unless a chunk size is configured.
 */
function openUpload(ctx: GcsContext, object: File): Writable {
  const stream = object.createWriteStream({
    resumable: true,
    chunkSize: ctx.resumableChunkSize,
    metadata: { contentType: CONTENT_TYPE },
    // Temporaries have fresh names, so "must not exist yet" always holds; stating it makes the
    // request idempotent, which is what lets the client library retry it.
    preconditionOpts: { ifGenerationMatch: 0 },
  });
  // Failures surface through write/finished; this only keeps an early one from going unhandled.
  stream.on('error', () => undefined);
  return stream;
}

/** Writes one chunk, waiting for the upload to drain before the next one is pulled. */
async function writeChunk(stream: Writable, chunk: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
  if (stream.destroyed) throw stream.errored ?? new Error('the upload stream closed early');
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    let stopListening = (): void => undefined;
    const settle = (error?: Error): void => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stopListening();
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = (): void => settle();
    const onClose = (): void => settle(stream.errored ?? new Error('the upload stream closed early'));
    stream.once('drain', onDrain);
    stream.once('close', onClose);
    stopListening = whenAborted(signal, () => settle(aborted(signal?.reason)));
  });
}

/** `finished(stream)`, or a timeout error (classified `unavailable`) when GCS does not answer in time. */
async function finishedWithin(stream: Writable, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`upload not finalised within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    await Promise.race([finished(stream), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Gives up on an upload whose stream failed or stalled: destroys it (GCS never finalises an
 * upload whose request did not end) and removes the temporary in case it was finalised anyway.
 */
async function abandon(stream: Writable, object: File): Promise<void> {
  if (!stream.destroyed) stream.destroy(new Error('upload abandoned'));
  await finished(stream).catch(() => undefined);
  await deleteQuietly(object);
}
