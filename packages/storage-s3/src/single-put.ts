/**
 * A whole upload sent as one PutObject (a file smaller than the multipart threshold).
 *
 * A plain STOR's checks (parent present, no directory of that name: write.ts) start with the first
 * bytes, but a small file is often complete before they answer. Waiting for them, then putting,
 * costs two round trips per file. While they still run, the put goes out at once, conditional on
 * there being no object of that key (`If-None-Match: *`):
 * - checks pass, put succeeds: a new file, in one round trip;
 * - checks fail: an object the conditional put created is deleted again — it did not exist before,
 *   so nothing is lost — and the checks' error is the answer;
 * - the put is refused (412: an existing file is being replaced; or a store that does not take the
 *   condition): once the checks pass, an unconditional put replaces the file, as before.
 * A store that ignored the condition would make the second case delete a file that existed beside a
 * directory of the same name; AWS S3, MinIO, Ceph RGW and R2 honour it.
 */
import { DeleteObjectCommand, PutObjectCommand, type PutObjectCommandOutput } from '@aws-sdk/client-s3';
import type { S3Target } from './target.js';

export interface WholeObjectChecks {
  /** Resolves once the checks passed; rejects with the error to report when they failed. */
  readonly passed: () => Promise<void>;
  /** Whether they are still running (no answer yet). */
  readonly pending: boolean;
}

export async function putWholeObject(target: S3Target, key: string, body: Uint8Array, checks: WholeObjectChecks | undefined): Promise<PutObjectCommandOutput> {
  if (checks?.pending) {
    const [checked, put] = await Promise.allSettled([checks.passed(), send(target, key, body, true)]);
    if (checked.status === 'rejected') {
      if (put.status === 'fulfilled') await target.client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: key })).catch(() => undefined);
      throw checked.reason;
    }
    if (put.status === 'fulfilled') return put.value;
  } else {
    await checks?.passed();
  }
  return send(target, key, body, false);
}

function send(target: S3Target, key: string, body: Uint8Array, onlyIfNew: boolean): Promise<PutObjectCommandOutput> {
  return target.client.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: key,
      Body: body,
      ContentLength: body.byteLength,
      ...(onlyIfNew && { IfNoneMatch: '*' }),
      ...target.attributes,
    }),
  );
}
