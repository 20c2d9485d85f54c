/**
 * setModified: S3 cannot change an object's metadata in place, so the object is copied onto itself
 * (CopyObject, MetadataDirective REPLACE; UploadPartCopy parts above 5 GiB) with the `mtime` user
 * metadata set (mtime.ts). Everything else the object carries is given to the copy again: its other
 * user metadata, content headers, storage class, encryption and checksum algorithm. The copy is
 * pinned to the ETag just read, so a file replaced meanwhile is left alone (the request fails).
 */
import type { ChecksumAlgorithm, HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { S3Context } from './context.js';
import { attributesOf, copyObject, type CopyOptions } from './copy.js';
import { formatMtimeMetadata, MTIME_METADATA_KEY } from './mtime.js';
import { request } from './objects.js';

export async function setObjectModified(
  ctx: S3Context,
  path: string,
  head: HeadObjectCommandOutput,
  mtime: Date,
  signal?: AbortSignal,
): Promise<void> {
  const key = ctx.keys.file(path);
  const replace: CopyOptions['replace'] = {
    ...attributesOf(head),
    Metadata: { ...head.Metadata, [MTIME_METADATA_KEY]: formatMtimeMetadata(mtime) },
    ChecksumAlgorithm: checksumAlgorithm(head),
  };
  const from = { key, size: head.ContentLength ?? 0, etag: head.ETag };
  await request(path, signal, (abortSignal) =>
    copyObject(ctx.target, from, key, { concurrency: ctx.settings.copyConcurrency, signal: abortSignal, replace }),
  );
}

/** The algorithm of the checksum S3 keeps for the object (HeadObject with ChecksumMode ENABLED). */
function checksumAlgorithm(head: HeadObjectCommandOutput): ChecksumAlgorithm | undefined {
  if (head.ChecksumSHA256 !== undefined) return 'SHA256';
  if (head.ChecksumSHA1 !== undefined) return 'SHA1';
  if (head.ChecksumCRC32C !== undefined) return 'CRC32C';
  if (head.ChecksumCRC64NVME !== undefined) return 'CRC64NVME';
  if (head.ChecksumCRC32 !== undefined) return 'CRC32';
  return undefined;
}
