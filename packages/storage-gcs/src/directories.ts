/** mkdir and rmdir: a directory is a prefix plus a placeholder (object-store/directories.ts). */
import { alreadyExists, notEmpty, StorageError, throwIfAborted } from '@bucketftp/storage';
import { directoryState } from '@bucketftp/storage/object-store';
import type { GcsContext } from './context.js';
import { isNotFound, rethrowAs, toStorageError } from './errors.js';
import { fileMetadata, generationOf, missingDirectoryError, probeDirectory, requireParentDirectory } from './objects.js';
import { writeFileOptions } from './object-options.js';
import { fetchPage } from './pages.js';
import { CONTENT_TYPE } from './upload.js';

export async function makeDirectory(ctx: GcsContext, path: string, signal?: AbortSignal): Promise<void> {
  if (path === '/') throw alreadyExists(path);
  if ((await fileMetadata(ctx, path, signal)) || (await probeDirectory(ctx, path, signal))) throw alreadyExists(path);
  await requireParentDirectory(ctx, path, signal);
  throwIfAborted(signal);
  // Create-only (ifGenerationMatch=0): a concurrent mkdir of the same name loses with `exists`.
  await ctx.bucket
    .file(ctx.keys.dir(path), writeFileOptions(ctx.objectOptions))
    .save('', {
      resumable: false,
      contentType: CONTENT_TYPE,
      ...(ctx.objectOptions.storageClass !== undefined && { metadata: { storageClass: ctx.objectOptions.storageClass } }),
      preconditionOpts: { ifGenerationMatch: 0 },
    })
    .catch(rethrowAs({ path, preconditionFailed: 'exists' }));
}

export async function removeDirectory(ctx: GcsContext, path: string, signal?: AbortSignal): Promise<void> {
  if (path === '/') throw new StorageError('permission', 'the root directory cannot be removed');
  throwIfAborted(signal);
  const prefix = ctx.keys.dir(path);
  // Two names are enough to tell "only the placeholder" from "something else below".
  const page = await fetchPage(ctx, { prefix, maxResults: 2 }).catch(rethrowAs({ path, signal }));
  const state = directoryState(prefix, page.objects.map((object) => object.name ?? ''));
  if (state === 'missing' && page.prefixes.length === 0) throw await missingDirectoryError(ctx, path, signal);
  const placeholder = page.objects[0];
  if (state !== 'empty' || placeholder === undefined) throw notEmpty(path);
  throwIfAborted(signal);
  const generation = generationOf(placeholder);
  try {
    await ctx.bucket.file(prefix).delete(generation === undefined ? {} : { ifGenerationMatch: generation });
  } catch (error) {
    if (!isNotFound(error)) throw toStorageError(error, { path });
  }
}
