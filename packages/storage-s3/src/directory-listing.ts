/**
 * list: ListObjectsV2 with Delimiter '/', one page ahead (listing.ts). A listing that finds
 * nothing at all is `not-found`, or `not-a-directory` when a file has the name.
 */
import type { Entry } from '@bucketftp/storage';
import type { S3Context } from './context.js';
import { listPages, pageEntries, pageIsEmpty } from './listing.js';
import { missingDirectoryError } from './objects.js';

export async function* listDirectory(ctx: S3Context, path: string, signal?: AbortSignal): AsyncGenerator<Entry> {
  const prefix = ctx.keys.dir(path);
  let found = path === '/';
  const pages = listPages(ctx.target, { prefix, delimiter: '/', pageSize: ctx.settings.listPageSize, path, signal, prefetch: true });
  for await (const page of pages) {
    if (!pageIsEmpty(page)) found = true;
    yield* pageEntries(ctx.keys, prefix, page);
  }
  if (!found) throw await missingDirectoryError(ctx, path, signal);
}
