/**
 * list: ListObjectsV2 with Delimiter '/', one page ahead (listing.ts). A listing that finds
 * nothing at all is `not-found`, or `not-a-directory` when a file has the name.
 *
 * Listings carry no user metadata, so a kept modification time (mtime.ts) needs a HeadObject per
 * file: done only for a directory whose whole listing is one page of at most `mtimeLookups` files,
 * and never for a names-only listing (NLST). Other listings report LastModified.
 */
import { childPath, type Entry } from '@bucketftp/storage';
import { forEachBounded } from '@bucketftp/storage/object-store';
import type { S3Context } from './context.js';
import { listPages, pageEntries, pageIsEmpty } from './listing.js';
import { objectMtime } from './mtime.js';
import { headFile, missingDirectoryError } from './objects.js';

/** HeadObject requests of one listing in flight at once. */
const LOOKUP_CONCURRENCY = 8;

export interface DirectoryListing {
  readonly signal?: AbortSignal;
  /** Names and types are enough: no per-file lookups. */
  readonly namesOnly?: boolean;
}

export async function* listDirectory(ctx: S3Context, path: string, listing: DirectoryListing = {}): AsyncGenerator<Entry> {
  const { signal } = listing;
  const prefix = ctx.keys.dir(path);
  let found = path === '/';
  let firstPage = true;
  const pages = listPages(ctx.target, { prefix, delimiter: '/', pageSize: ctx.settings.listPageSize, path, signal, prefetch: true });
  for await (const page of pages) {
    if (!pageIsEmpty(page)) found = true;
    const onlyPage = firstPage && page.IsTruncated !== true;
    firstPage = false;
    if (!onlyPage || listing.namesOnly) {
      yield* pageEntries(ctx.keys, prefix, page);
      continue;
    }
    const entries = [...pageEntries(ctx.keys, prefix, page)];
    const files = entries.filter((entry) => entry.type === 'file').length;
    yield* files > 0 && files <= ctx.settings.mtimeLookups ? await withKeptTimes(ctx, path, entries, signal) : entries;
  }
  if (!found) throw await missingDirectoryError(ctx, path, signal);
}

/** The entries with each file's kept time; a file deleted since the listing is left out. */
async function withKeptTimes(ctx: S3Context, dir: string, entries: Entry[], signal?: AbortSignal): Promise<Entry[]> {
  const result: (Entry | undefined)[] = [...entries];
  await forEachBounded(entries.keys(), LOOKUP_CONCURRENCY, async (index) => {
    const entry = entries[index]!;
    if (entry.type !== 'file') return;
    const head = await headFile(ctx, childPath(dir, entry.name), signal);
    result[index] = head && { ...entry, size: head.ContentLength ?? entry.size, mtime: objectMtime(head.Metadata, head.LastModified) };
  });
  return result.filter((entry): entry is Entry => entry !== undefined);
}
