/** One objects.list request at a time: https://cloud.google.com/storage/docs/json_api/v1/objects/list */
import { throwIfAborted } from '@bucketftp/storage';
import type { FileMetadata } from '@google-cloud/storage';
import type { GcsContext } from './context.js';

export interface PageQuery {
  readonly prefix: string;
  /** `/` for a directory listing; absent for everything below `prefix`. */
  readonly delimiter?: string;
  readonly maxResults?: number;
  readonly pageToken?: string | undefined;
}

export interface ObjectPage {
  readonly objects: readonly FileMetadata[];
  /** Common prefixes (sub-directories, ending in the delimiter). */
  readonly prefixes: readonly string[];
  readonly nextPageToken: string | undefined;
}

export async function fetchPage(ctx: GcsContext, query: PageQuery): Promise<ObjectPage> {
  const [files, nextQuery, response] = await ctx.bucket.getFiles({
    prefix: query.prefix,
    delimiter: query.delimiter,
    maxResults: query.maxResults ?? ctx.listPageSize,
    pageToken: query.pageToken,
    autoPaginate: false,
  });
  const prefixes = (response as { prefixes?: unknown } | undefined)?.prefixes;
  const next = (nextQuery as { pageToken?: unknown } | null | undefined)?.pageToken;
  return {
    objects: files.map((file) => file.metadata),
    prefixes: Array.isArray(prefixes) ? prefixes.filter((prefix): prefix is string => typeof prefix === 'string') : [],
    nextPageToken: typeof next === 'string' && next !== '' ? next : undefined,
  };
}

/**
 * Every object whose name starts with `prefix`, page by page (never the whole listing at once).
 * Backend errors come out unclassified; the caller knows which path they concern.
 */
export async function* objectsBelow(
  ctx: GcsContext,
  prefix: string,
  signal?: AbortSignal,
): AsyncGenerator<FileMetadata, void, undefined> {
  let pageToken: string | undefined;
  do {
    throwIfAborted(signal);
    const page = await fetchPage(ctx, { prefix, pageToken });
    yield* page.objects;
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
}
