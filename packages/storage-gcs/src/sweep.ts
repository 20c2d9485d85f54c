/**
 * Temporary objects (uploads, resume heads) under the bucket-wide temporaries prefix
 * (`.bucketftp-tmp/`) left by a process that died mid-upload. Nothing outside that prefix is ever
 * touched. Only those created longer ago than the given age are deleted; a younger one may belong
 * to an upload in progress, here, on another replica, or of another user on the same bucket.
 */
import { throwIfAborted } from '@bucketftp/storage';
import type { GcsContext } from './context.js';
import { toStorageError } from './errors.js';
import { fetchPage } from './pages.js';

export async function sweepTemporaries(ctx: GcsContext, olderThanMs: number, signal?: AbortSignal): Promise<number> {
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  let pageToken: string | undefined;
  try {
    do {
      throwIfAborted(signal);
      const page = await fetchPage(ctx, { prefix: ctx.keys.requireTempRoot(), pageToken });
      for (const object of page.objects) {
        const created = object.timeCreated === undefined ? Number.NaN : Date.parse(object.timeCreated);
        if (object.name === undefined || !(created < cutoff)) continue;
        await ctx.bucket.file(object.name).delete({ ignoreNotFound: true });
        removed += 1;
      }
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
  } catch (error) {
    throw toStorageError(error, { path: '/', signal });
  }
  return removed;
}
