/**
 * Multipart uploads left by a process that died mid-upload: S3 keeps (and bills) their parts until
 * they are aborted. ListMultipartUploads returns only the key, the upload id and when it was
 * initiated — no metadata that could mark an upload as ours — so the sweep takes every upload under
 * the driver's own key prefix that is older than the given age. A bucket lifecycle rule
 * (AbortIncompleteMultipartUpload) is the second line of defence (README.md).
 */
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { classifyS3Error } from './errors.js';
import type { S3Target } from './target.js';

export async function abortStaleUploads(target: S3Target, prefix: string, olderThanMs: number, signal?: AbortSignal): Promise<number> {
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  try {
    for (;;) {
      const page = await target.client.send(
        new ListMultipartUploadsCommand({ Bucket: target.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        { abortSignal: signal },
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key === undefined || upload.UploadId === undefined) continue;
        if (upload.Initiated === undefined || upload.Initiated.getTime() >= cutoff) continue;
        await target.client.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: upload.Key, UploadId: upload.UploadId }), {
          abortSignal: signal,
        });
        removed += 1;
      }
      if (page.IsTruncated !== true) return removed;
      keyMarker = page.NextKeyMarker;
      uploadIdMarker = page.NextUploadIdMarker;
    }
  } catch (error) {
    throw classifyS3Error(error, prefix === '' ? '/' : prefix);
  }
}
