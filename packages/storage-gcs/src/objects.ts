/** Single-object lookups the operations share: metadata, directory probes, quiet deletes. */
import { notADirectory, notFound, parentPath, throwIfAborted, type Entry } from '@bucketftp/storage';
import { markerTime } from '@bucketftp/storage/object-store';
import type { File, FileMetadata } from '@google-cloud/storage';
import type { GcsContext } from './context.js';
import { isNotFound, rethrowAs } from './errors.js';
import { keptMtime } from './mtime.js';
import { fetchPage } from './pages.js';

/** The metadata of the file object at `path`, or undefined when there is none. */
export async function fileMetadata(ctx: GcsContext, path: string, signal?: AbortSignal): Promise<FileMetadata | undefined> {
  throwIfAborted(signal);
  try {
    const [metadata] = await ctx.bucket.file(ctx.keys.file(path)).getMetadata();
    return metadata;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return rethrowAs({ path, signal })(error);
  }
}

export interface DirectoryProbe {
  /** When the placeholder was written; undefined for a directory that exists only through its contents. */
  readonly mtime: Date | undefined;
}

/** Whether the directory `path` exists: one listing request of one object (object-store/directories.ts). */
export async function probeDirectory(ctx: GcsContext, path: string, signal?: AbortSignal): Promise<DirectoryProbe | undefined> {
  if (path === '/') return { mtime: undefined };
  throwIfAborted(signal);
  const prefix = ctx.keys.dir(path);
  const page = await fetchPage(ctx, { prefix, maxResults: 1 }).catch(rethrowAs({ path, signal }));
  const first = page.objects[0];
  if (first === undefined && page.prefixes.length === 0) return undefined;
  return { mtime: markerTime(prefix, first && { key: first.name, mtime: modificationTime(first) }) };
}

/** Throws unless the directory holding `path` exists: `not-found`, or `not-a-directory` for a file. */
export async function requireParentDirectory(ctx: GcsContext, path: string, signal?: AbortSignal): Promise<void> {
  const parent = parentPath(path);
  if (await probeDirectory(ctx, parent, signal)) return;
  throw await missingDirectoryError(ctx, parent, signal);
}

/** Why the directory `path` cannot be used: a file is there (`not-a-directory`) or nothing is (`not-found`). */
export async function missingDirectoryError(ctx: GcsContext, path: string, signal?: AbortSignal): Promise<Error> {
  return (await fileMetadata(ctx, path, signal)) ? notADirectory(path) : notFound(path);
}

/** A file's entry: its kept modification time (mtime.ts), else when the object was written. */
export function fileEntry(name: string, metadata: FileMetadata): Entry {
  const mtime = keptMtime(metadata.metadata) ?? modificationTime(metadata);
  return mtime ? { name, type: 'file', size: objectSize(metadata), mtime } : { name, type: 'file', size: objectSize(metadata) };
}

export function objectSize(metadata: FileMetadata): number {
  return Number(metadata.size ?? 0);
}

/** `updated` is an RFC 3339 UTC timestamp. */
export function modificationTime(metadata: FileMetadata): Date | undefined {
  return metadata.updated ? new Date(metadata.updated) : undefined;
}

/** The generation a precondition or a pinned source refers to. */
export function generationOf(metadata: FileMetadata): string | undefined {
  return metadata.generation === undefined ? undefined : String(metadata.generation);
}

/** Deletes a temporary or rolled-back object; a failure leaves it behind and is not the caller's error. */
export async function deleteQuietly(object: File): Promise<void> {
  try {
    await object.delete({ ignoreNotFound: true });
  } catch {
    // A leftover under the reserved prefix is invisible to users; a lifecycle rule may expire it.
  }
}
