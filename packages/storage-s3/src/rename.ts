/**
 * S3 has no rename: a file is copied (pinned to the ETag it was looked up at), then deleted; a
 * directory is every key below its prefix, copied before any source is deleted (copy.ts).
 */
import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { alreadyExists, invalidArgument, isADirectory, isSameOrInside, notFound, parentPath } from '@bucketftp/storage';
import type { S3Context } from './context.js';
import { attributesOf, copyObject, movePrefix } from './copy.js';
import { deleteKey, directoryExists, headFile, parentExists, request } from './objects.js';

/** Renames `from` to `to` (distinct paths; `from` is not '/'). */
export async function renamePath(ctx: S3Context, from: string, to: string, signal?: AbortSignal): Promise<void> {
  const file = await headFile(ctx, from, signal);
  if (file) return renameFile(ctx, from, to, file, signal);
  if (!(await directoryExists(ctx, from, signal))) throw notFound(from);
  return renameDirectory(ctx, from, to, signal);
}

async function renameFile(ctx: S3Context, from: string, to: string, file: HeadObjectCommandOutput, signal?: AbortSignal): Promise<void> {
  const [parentFound, targetIsDirectory] = await Promise.all([parentExists(ctx, parentPath(to), signal), directoryExists(ctx, to, signal)]);
  if (!parentFound) throw notFound(parentPath(to));
  if (targetIsDirectory) throw isADirectory(to);
  const fromKey = ctx.keys.file(from);
  await request(from, signal, (abortSignal) =>
    copyObject(ctx.target, { key: fromKey, size: file.ContentLength ?? 0, etag: file.ETag }, ctx.keys.file(to), {
      concurrency: ctx.settings.maxPartsInFlight,
      signal: abortSignal,
      attributes: attributesOf(file),
    }),
  );
  await deleteKey(ctx, fromKey, from, signal);
}

async function renameDirectory(ctx: S3Context, from: string, to: string, signal?: AbortSignal): Promise<void> {
  if (isSameOrInside(to, from)) throw invalidArgument(`cannot move ${from} inside itself`);
  const [parentFound, targetFile, targetDirectory] = await Promise.all([
    parentExists(ctx, parentPath(to), signal),
    to === '/' ? undefined : headFile(ctx, to, signal),
    directoryExists(ctx, to, signal),
  ]);
  if (!parentFound) throw notFound(parentPath(to));
  if (targetFile || targetDirectory) throw alreadyExists(to);
  await movePrefix(
    ctx.target,
    { fromPrefix: ctx.keys.dir(from), toPrefix: ctx.keys.dir(to), from, to, pageSize: ctx.settings.listPageSize },
    { concurrency: ctx.settings.copyConcurrency, signal },
  );
}

