/**
 * A small file sent in one request straight onto its target.
 *
 * Staging (upload.ts) costs a small file four requests — the temporary's upload, the copy that
 * commits it, the temporary's deletion, and the resumable session's start — where one would do.
 * The staging exists because a streamed upload that is cut off must never become the target; a file
 * that fits in memory has no such risk: its bytes are all here before anything is sent, and a
 * single multipart upload (https://cloud.google.com/storage/docs/uploading-objects, `uploadType=multipart`)
 * either creates the whole object or nothing. Its CRC32C goes with it, so GCS itself refuses bytes
 * damaged on the way.
 *
 * Memory: up to `directUploadMaxBytes` (default 8 MiB) of an upload is held before it is known to be
 * small; a longer source is handed on, those chunks first, to the staged upload.
 */
import { abortableChunks, keepsPartial, type PartialUploadPolicy, type ReceiveOutcome, type WriteResult } from '@bucketftp/storage';
import { committedObject } from './compose-resume.js';
import type { GcsContext } from './context.js';
import { crc32cBase64 } from './crc32c.js';
import { rethrowAs } from './errors.js';
import { writeFileOptions } from './object-options.js';
import { CONTENT_TYPE } from './upload.js';

export type UploadStart =
  /** The source ended within the limit: all of it (or, when it failed, what came before). */
  | { readonly small: true; readonly bytes: Buffer; readonly outcome: ReceiveOutcome }
  /** The source is longer: the whole of it, the chunks already read first. */
  | { readonly small: false; readonly source: AsyncIterable<Uint8Array> };

/** Reads `source` until it ends or passes `limitBytes` (a negative limit reads nothing). */
export async function readStart(source: AsyncIterable<Uint8Array>, signal: AbortSignal | undefined, limitBytes: number): Promise<UploadStart> {
  if (limitBytes < 0) return { small: false, source };
  const chunks = abortableChunks(source, signal);
  const read: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const step = await chunks.next();
      if (step.done === true) return { small: true, bytes: Buffer.concat(read, size), outcome: { ok: true } };
      read.push(step.value);
      size += step.value.byteLength;
      if (size > limitBytes) return { small: false, source: resumed(read, chunks) };
    }
  } catch (failure) {
    return { small: true, bytes: Buffer.concat(read, size), outcome: { ok: false, failure } };
  }
}

async function* resumed(read: Uint8Array[], rest: AsyncGenerator<Uint8Array, void, undefined>): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    while (read.length > 0) yield read.shift()!;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}

/**
 * Writes `start`'s bytes as the file at `path`, conditional on `ifGenerationMatch` when given. A
 * source that failed is committed only when the partial policy keeps it, and its failure is then
 * thrown all the same (as the staged upload does).
 */
export async function saveWhole(
  ctx: GcsContext,
  path: string,
  start: Extract<UploadStart, { small: true }>,
  partial: PartialUploadPolicy,
  ifGenerationMatch?: string,
): Promise<WriteResult> {
  const { bytes, outcome } = start;
  if (!outcome.ok && !keepsPartial(partial, outcome.failure)) throw outcome.failure;
  const { storageClass } = ctx.objectOptions;
  const file = ctx.bucket.file(ctx.keys.file(path), writeFileOptions(ctx.objectOptions));
  await file
    .save(bytes, {
      resumable: false,
      // GCS checks the bytes against this before it creates the object; the library's own check
      // after the upload would come too late (the file would already be replaced).
      validation: false,
      metadata: { contentType: CONTENT_TYPE, crc32c: crc32cBase64(bytes), ...(storageClass !== undefined && { storageClass }) },
      ...(ifGenerationMatch !== undefined && { preconditionOpts: { ifGenerationMatch } }),
    })
    .catch(rethrowAs({ path }));
  const committed = committedObject(bytes.byteLength, file.metadata);
  if (!outcome.ok) throw outcome.failure;
  return committed;
}
