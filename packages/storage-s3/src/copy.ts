/**
 * Server-side copies for rename: one object (CopyObject, or UploadPartCopy parts above the 5 GiB
 * CopyObject limit), or every object below a prefix.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  UploadPartCopyCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { StorageError } from '@bucketftp/storage';
import { forEachBounded } from '@bucketftp/storage/object-store';
import { copySource } from './copy-source.js';
import { classifyS3Error } from './errors.js';
import { rangeHeader, splitIntoRanges } from './head-plan.js';
import { S3_LIMITS } from './limits.js';
import { objectsBelow } from './listing.js';
import type { S3Target } from './target.js';

export interface ObjectToCopy {
  readonly key: string;
  readonly size: number;
  readonly etag: string | undefined;
}

export interface CopyOptions {
  /** Parallel UploadPartCopy requests of one large object, or parallel objects of a prefix. */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
}

/** Copies one object to `toKey` (replacing what is there), pinned to the source's ETag. */
export async function copyObject(target: S3Target, from: ObjectToCopy, toKey: string, options: CopyOptions): Promise<void> {
  if (from.size <= S3_LIMITS.maxSingleRequestBytes) {
    await target.client.send(
      new CopyObjectCommand({
        Bucket: target.bucket,
        Key: toKey,
        CopySource: copySource(target.bucket, from.key),
        CopySourceIfMatch: from.etag,
      }),
      { abortSignal: options.signal },
    );
    return;
  }
  await copyInParts(target, from, toKey, options);
}

async function copyInParts(target: S3Target, from: ObjectToCopy, toKey: string, options: CopyOptions): Promise<void> {
  const { client, bucket } = target;
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: toKey }));
  const uploadId = created.UploadId;
  try {
    const ranges = splitIntoRanges(from.size, S3_LIMITS.maxPartBytes);
    const parts: CompletedPart[] = [];
    await forEachBounded(
      ranges.map((range, index) => ({ range, partNumber: index + 1 })),
      options.concurrency,
      async ({ range, partNumber }) => {
        const result = await client.send(
          new UploadPartCopyCommand({
            Bucket: bucket,
            Key: toKey,
            UploadId: uploadId,
            PartNumber: partNumber,
            CopySource: copySource(bucket, from.key),
            CopySourceRange: rangeHeader(range),
            CopySourceIfMatch: from.etag,
          }),
          { abortSignal: options.signal },
        );
        parts.push({ PartNumber: partNumber, ETag: result.CopyPartResult?.ETag });
      },
    );
    parts.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await client.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: toKey, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
    );
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: toKey, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}

export interface PrefixCopy {
  readonly fromPrefix: string;
  readonly toPrefix: string;
  /** Virtual paths, for messages. */
  readonly from: string;
  readonly to: string;
  readonly pageSize: number;
}

/**
 * Moves every object below `fromPrefix` to `toPrefix` (the directory's marker included).
 *
 * All copies first, with bounded concurrency, then the deletes: a failure while copying leaves
 * every source in place. The delete pass walks the *target* prefix, which did not exist before
 * (the caller checked), so it deletes exactly the sources that were copied — never one that
 * appeared after its copy pass went by. Neither pass holds more than a page of keys.
 */
export async function movePrefix(target: S3Target, move: PrefixCopy, options: CopyOptions): Promise<void> {
  let copied = 0;
  try {
    await forEachBounded(
      objectsBelow(target, { prefix: move.fromPrefix, pageSize: move.pageSize, path: move.from, signal: options.signal }),
      options.concurrency,
      async (object) => {
        const key = object.Key;
        if (key === undefined) return;
        const toKey = move.toPrefix + key.slice(move.fromPrefix.length);
        await copyObject(target, { key, size: object.Size ?? 0, etag: object.ETag }, toKey, options);
        copied += 1;
      },
    );
  } catch (error) {
    const kind = classifyS3Error(error, move.from).kind;
    throw new StorageError(
      kind,
      `rename ${move.from} → ${move.to} failed after copying ${copied} object(s); the source is unchanged`,
      { cause: error },
    );
  }
  await deleteCopiedSources(target, move, copied, options.signal);
}

async function deleteCopiedSources(target: S3Target, move: PrefixCopy, copied: number, signal?: AbortSignal): Promise<void> {
  let deleted = 0;
  let batch: { Key: string }[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await target.client.send(
      new DeleteObjectsCommand({ Bucket: target.bucket, Delete: { Objects: batch, Quiet: true } }),
      { abortSignal: signal },
    );
    const failed = result.Errors?.length ?? 0;
    if (failed > 0) throw new Error(`DeleteObjects left ${failed} of ${batch.length} keys`, { cause: result.Errors });
    deleted += batch.length;
    batch = [];
  };
  try {
    const pageSize = Math.min(move.pageSize, S3_LIMITS.maxKeysPerRequest);
    for await (const object of objectsBelow(target, { prefix: move.toPrefix, pageSize, path: move.to, signal })) {
      if (object.Key === undefined) continue;
      batch.push({ Key: move.fromPrefix + object.Key.slice(move.toPrefix.length) });
      if (batch.length === S3_LIMITS.maxKeysPerRequest) await flush();
    }
    await flush();
  } catch (error) {
    const kind = classifyS3Error(error, move.from).kind;
    throw new StorageError(
      kind,
      `rename ${move.from} → ${move.to} copied all ${copied} object(s) but deleted only ${deleted} of the sources`,
      { cause: error },
    );
  }
}
