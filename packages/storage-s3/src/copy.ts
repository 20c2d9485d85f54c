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
  type CopyObjectCommandInput,
  type CreateMultipartUploadCommandInput,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { StorageError } from '@bucketftp/storage';
import { copyPassFailed, deletePassFailed, forEachBounded, type DirectoryMove } from '@bucketftp/storage/object-store';
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

/** What a copy that replaces the metadata gives the new object (the rest of it comes from the source). */
export type ObjectAttributes = Pick<
  CreateMultipartUploadCommandInput,
  | 'Metadata'
  | 'ContentType'
  | 'ContentEncoding'
  | 'ContentDisposition'
  | 'ContentLanguage'
  | 'CacheControl'
  | 'Expires'
  | 'StorageClass'
  | 'ServerSideEncryption'
  | 'SSEKMSKeyId'
>;

export interface CopyOptions {
  /** Parallel UploadPartCopy requests of one large object, or parallel objects of a prefix. */
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  /** The copy gets these attributes (MetadataDirective REPLACE) instead of the source's. */
  readonly replace?: ObjectAttributes & Pick<CopyObjectCommandInput, 'ChecksumAlgorithm'>;
  /**
   * The source's own attributes (attributesOf), for a copy in parts: CopyObject carries them over
   * by itself, a multipart upload has to be given them.
   */
  readonly attributes?: ObjectAttributes;
}

/** What a copy of the object described by `head` must carry over. */
export function attributesOf(head: HeadObjectCommandOutput): ObjectAttributes {
  return {
    Metadata: head.Metadata,
    ContentType: head.ContentType,
    ContentEncoding: head.ContentEncoding,
    ContentDisposition: head.ContentDisposition,
    ContentLanguage: head.ContentLanguage,
    CacheControl: head.CacheControl,
    Expires: head.Expires,
    StorageClass: head.StorageClass,
    ServerSideEncryption: head.ServerSideEncryption,
    SSEKMSKeyId: head.SSEKMSKeyId,
  };
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
        ...(options.replace && { MetadataDirective: 'REPLACE', ...options.replace }),
      }),
      { abortSignal: options.signal },
    );
    return;
  }
  await copyInParts(target, from, toKey, options);
}

async function copyInParts(target: S3Target, from: ObjectToCopy, toKey: string, options: CopyOptions): Promise<void> {
  const { client, bucket } = target;
  // A multipart upload's checksum is per part, so only the attributes carry over.
  const attributes: ObjectAttributes = withoutChecksum(options.replace) ?? options.attributes ?? {};
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: toKey, ...attributes }));
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

function withoutChecksum(replace: CopyOptions['replace']): ObjectAttributes | undefined {
  if (!replace) return undefined;
  const { ChecksumAlgorithm: _perPart, ...attributes } = replace;
  return attributes;
}

export interface PrefixCopy extends DirectoryMove {
  readonly fromPrefix: string;
  readonly toPrefix: string;
  readonly pageSize: number;
}

/**
 * Moves every object below `fromPrefix` to `toPrefix` (the directory's marker included), under the
 * contract of object-store/rename-report.ts: all copies first, with bounded concurrency, then the
 * deletes; a failed copy pass removes the copies and leaves every source in place.
 *
 * The target prefix did not exist before (the caller checked), so what lies below it is exactly
 * what this move copied: the delete pass walks it to find the sources to delete (never one that
 * appeared after its copy pass went by), and a failed copy pass deletes it whole. Neither pass
 * holds more than a page of keys.
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
    // Not under the caller's signal: an aborted rename still takes its copies away.
    const copiesRemoved = await deleteBelow(target, move, (key) => key).then(
      () => true,
      () => false,
    );
    throw new StorageError(kind, copyPassFailed(move, copied, copiesRemoved), { cause: error });
  }
  let removed = 0;
  try {
    await deleteBelow(target, move, (key) => move.fromPrefix + key.slice(move.toPrefix.length), options.signal, (count) => {
      removed += count;
    });
  } catch (error) {
    const kind = classifyS3Error(error, move.from).kind;
    throw new StorageError(kind, deletePassFailed(move, copied, removed), { cause: error });
  }
}

/**
 * Walks the keys below `move.toPrefix` and deletes `keyToDelete(key)` of each, 1,000 keys a
 * DeleteObjects request; `onDeleted` hears how many each request removed.
 */
async function deleteBelow(
  target: S3Target,
  move: PrefixCopy,
  keyToDelete: (key: string) => string,
  signal?: AbortSignal,
  onDeleted?: (count: number) => void,
): Promise<void> {
  let batch: { Key: string }[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await target.client.send(
      new DeleteObjectsCommand({ Bucket: target.bucket, Delete: { Objects: batch, Quiet: true } }),
      { abortSignal: signal },
    );
    const failed = result.Errors?.length ?? 0;
    if (failed > 0) throw new Error(`DeleteObjects left ${failed} of ${batch.length} keys`, { cause: result.Errors });
    onDeleted?.(batch.length);
    batch = [];
  };
  const pageSize = Math.min(move.pageSize, S3_LIMITS.maxKeysPerRequest);
  for await (const object of objectsBelow(target, { prefix: move.toPrefix, pageSize, path: move.to, signal })) {
    if (object.Key === undefined) continue;
    batch.push({ Key: keyToDelete(object.Key) });
    if (batch.length === S3_LIMITS.maxKeysPerRequest) await flush();
  }
  await flush();
}
