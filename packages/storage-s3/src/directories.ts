/** mkdir and rmdir: a directory is a prefix plus a marker object (object-store/directories.ts). */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { alreadyExists, notEmpty, notFound, parentPath, StorageError } from '@bucketftp/storage';
import { directoryState } from '@bucketftp/storage/object-store';
import type { S3Context } from './context.js';
import { firstObjects } from './listing.js';
import { deleteKey, directoryExists, headFile, missingDirectoryError, parentExists, request } from './objects.js';

export async function makeDirectory(ctx: S3Context, path: string, signal?: AbortSignal): Promise<void> {
  if (path === '/') throw alreadyExists(path);
  const parent = parentPath(path);
  const [parentFound, file, directory] = await Promise.all([
    parentExists(ctx, parent, signal),
    headFile(ctx, path, signal),
    directoryExists(ctx, path, signal),
  ]);
  if (!parentFound) throw notFound(parent);
  if (file || directory) throw alreadyExists(path);
  await request(path, signal, (abortSignal) =>
    ctx.target.client.send(
      new PutObjectCommand({ Bucket: ctx.target.bucket, Key: ctx.keys.dir(path), Body: '', ContentLength: 0, ...ctx.target.attributes }),
      { abortSignal },
    ),
  );
}

export async function removeDirectory(ctx: S3Context, path: string, signal?: AbortSignal): Promise<void> {
  if (path === '/') throw new StorageError('permission', 'the root directory cannot be removed');
  const prefix = ctx.keys.dir(path);
  const objects = await firstObjects(ctx.target, prefix, 2, path, signal);
  const state = directoryState(prefix, objects.map((object) => object.Key ?? ''));
  if (state === 'missing') throw await missingDirectoryError(ctx, path, signal);
  if (state === 'in-use') throw notEmpty(path);
  await deleteKey(ctx, prefix, path, signal);
}
