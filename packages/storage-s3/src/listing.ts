/**
 * Paged ListObjectsV2: directory listings (Delimiter '/') and flat walks below a prefix. Pages
 * are fetched as the consumer iterates (with `prefetch`, one page ahead), so memory never grows
 * with the directory.
 */
import { ListObjectsV2Command, type _Object, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import type { Entry } from '@bucketftp/storage';
import { classifyS3Error } from './errors.js';
import type { ObjectKeys } from '@bucketftp/storage/object-store';
import type { S3Target } from './target.js';

export interface ListRequest {
  readonly prefix: string;
  /** '/' for one directory level; omitted for every key below the prefix. */
  readonly delimiter?: '/';
  readonly pageSize: number;
  readonly signal?: AbortSignal;
  /** The virtual path named in errors. */
  readonly path: string;
  /** Request the next page while the current one is consumed (listings streamed to a client). */
  readonly prefetch?: boolean;
}

export async function* listPages(target: S3Target, request: ListRequest): AsyncGenerator<ListObjectsV2CommandOutput> {
  const fetchPage = async (continuationToken: string | undefined): Promise<ListObjectsV2CommandOutput> => {
    try {
      return await target.client.send(
        new ListObjectsV2Command({
          Bucket: target.bucket,
          Prefix: request.prefix,
          Delimiter: request.delimiter,
          MaxKeys: request.pageSize,
          ContinuationToken: continuationToken,
        }),
        { abortSignal: request.signal },
      );
    } catch (error) {
      throw classifyS3Error(error, request.path);
    }
  };
  let next: Promise<ListObjectsV2CommandOutput> | undefined = fetchPage(undefined);
  while (next !== undefined) {
    const page: ListObjectsV2CommandOutput = await next;
    const token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    next = undefined;
    if (token !== undefined && request.prefetch === true) {
      // One page ahead: the next request is in flight while this page is consumed (two pages at most).
      next = fetchPage(token);
      next.catch(() => undefined); // awaited below; a consumer that stops early leaves no unhandled rejection
    }
    yield page;
    if (token !== undefined && next === undefined) next = fetchPage(token);
  }
}

/** Whether a page holds any key or common prefix at all (the directory's own marker included). */
export function pageIsEmpty(page: ListObjectsV2CommandOutput): boolean {
  return (page.Contents?.length ?? 0) === 0 && (page.CommonPrefixes?.length ?? 0) === 0;
}

/** The visible entries of one page of a Delimiter '/' listing of `dirPrefix`. */
export function* pageEntries(keys: ObjectKeys, dirPrefix: string, page: ListObjectsV2CommandOutput): Generator<Entry> {
  for (const { Prefix } of page.CommonPrefixes ?? []) {
    const name = Prefix === undefined ? undefined : keys.childName(dirPrefix, Prefix);
    if (name !== undefined) yield { name, type: 'dir', size: 0 };
  }
  for (const object of page.Contents ?? []) {
    const name = object.Key === undefined ? undefined : keys.childName(dirPrefix, object.Key);
    if (name !== undefined) yield { name, type: 'file', size: object.Size ?? 0, mtime: object.LastModified };
  }
}

/** Every object below `prefix` (no delimiter), page by page. */
export async function* objectsBelow(target: S3Target, request: Omit<ListRequest, 'delimiter'>): AsyncGenerator<_Object> {
  for await (const page of listPages(target, request)) yield* page.Contents ?? [];
}

/** The first page of a listing (IsTruncated tells whether there is more). */
export async function firstPage(target: S3Target, request: Omit<ListRequest, 'prefetch'>): Promise<ListObjectsV2CommandOutput> {
  for await (const page of listPages(target, request)) return page;
  throw new Error('ListObjectsV2 returned no page');
}

/** Up to `count` keys below `prefix` in one request: enough to tell empty, marker-only or in use. */
export async function firstObjects(
  target: S3Target,
  prefix: string,
  count: number,
  path: string,
  signal?: AbortSignal,
): Promise<_Object[]> {
  for await (const page of listPages(target, { prefix, pageSize: count, path, signal })) return page.Contents ?? [];
  return [];
}
