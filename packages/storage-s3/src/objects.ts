/**
 * Single-object requests the operations share: HeadObject of a file, the directory probes
 * (object-store/directories.ts), DeleteObject, and the one way a failure becomes a StorageError.
 */
import { DeleteObjectCommand, HeadObjectCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { aborted, notADirectory, notFound, type StorageError } from '@bucketftp/storage';
import type { S3Context } from './context.js';
import { classifyS3Error, isNotFound } from './errors.js';
import { firstObjects } from './listing.js';

/** HeadObject of the file at `path`, or undefined when there is none. */
export async function headFile(
  ctx: S3Context,
  path: string,
  signal?: AbortSignal,
  checksums = false,
): Promise<HeadObjectCommandOutput | undefined> {
  if (path === '/') return undefined;
  try {
    return await ctx.target.client.send(
      new HeadObjectCommand({
        Bucket: ctx.target.bucket,
        Key: ctx.keys.file(path),
        ...(checksums && { ChecksumMode: 'ENABLED' }),
      }),
      { abortSignal: signal },
    );
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw failure(error, path, signal);
  }
}

/**
 * A directory exists when its marker or any key below it does; '/' always exists. With
 * `ignoringWrites`, keys of files this driver is writing do not count (a small file's put may have
 * created one while this runs: single-put.ts), and the probe asks for a few more keys.
 */
export async function directoryExists(ctx: S3Context, path: string, signal?: AbortSignal, ignoringWrites = false): Promise<boolean> {
  if (path === '/') return true;
  const objects = await firstObjects(ctx.target, ctx.keys.dir(path), ignoringWrites ? IGNORED_WRITES_PROBE : 1, path, signal);
  return objects.some((object) => object.Key !== undefined && !(ignoringWrites && ctx.folders.writing.has(object.Key)));
}

/** Keys a probe that ignores files being written asks for; more concurrent writes into one missing folder than this may go unnoticed. */
const IGNORED_WRITES_PROBE = 16;

/**
 * directoryExists for a directory that usually exists with a marker (the parent of a new file):
 * one HeadObject of the marker, and the prefix listing only when there is none.
 */
export async function parentExists(ctx: S3Context, path: string, signal?: AbortSignal, ignoringWrites = false): Promise<boolean> {
  if (path === '/') return true;
  try {
    await ctx.target.client.send(new HeadObjectCommand({ Bucket: ctx.target.bucket, Key: ctx.keys.dir(path) }), { abortSignal: signal });
    return true;
  } catch (error) {
    if (!isNotFound(error)) throw failure(error, path, signal);
  }
  return directoryExists(ctx, path, signal, ignoringWrites);
}

/** Why the directory `path` cannot be used: a file is there (`not-a-directory`) or nothing is (`not-found`). */
export async function missingDirectoryError(ctx: S3Context, path: string, signal?: AbortSignal): Promise<StorageError> {
  return (await headFile(ctx, path, signal)) ? notADirectory(path) : notFound(path);
}

export async function deleteKey(ctx: S3Context, key: string, path: string, signal?: AbortSignal): Promise<void> {
  await request(path, signal, (abortSignal) =>
    ctx.target.client.send(new DeleteObjectCommand({ Bucket: ctx.target.bucket, Key: key }), { abortSignal }),
  );
}

/** Runs one request for `path`; its failure comes out as a StorageError. */
export async function request<T>(path: string, signal: AbortSignal | undefined, run: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await run(signal);
  } catch (error) {
    throw failure(error, path, signal);
  }
}

/** `aborted` once the operation's signal has fired, otherwise the S3 failure classified. */
export function failure(error: unknown, path: string, signal?: AbortSignal): StorageError {
  if (signal?.aborted) return aborted(signal.reason);
  return classifyS3Error(error, path);
}
