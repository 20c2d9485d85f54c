/**
 * GCS has no rename: a file is copied, then the original deleted; a directory is every object below
 * its prefix, copied (with bounded concurrency) before any original is deleted.
 *
 * Nothing is held per object: each copy is tagged with custom metadata `bucketftp-rename:
 * <rename id>:<source generation>`, and the delete pass walks the copies' listing to find what to
 * delete — each original only at the generation that was copied (ifGenerationMatch), so a file
 * rewritten during the rename is never lost. A failed copy pass removes the tagged copies again
 * (the contract of object-store/rename-report.ts).
 */
import { randomUUID } from 'node:crypto';
import {
  alreadyExists,
  invalidArgument,
  isADirectory,
  isSameOrInside,
  notFound,
  StorageError,
  throwIfAborted,
} from '@bucketftp/storage';
import { copyPassFailed, deletePassFailed, forEachBounded } from '@bucketftp/storage/object-store';
import type { FileMetadata } from '@google-cloud/storage';
import type { GcsContext } from './context.js';
import { isNotFound, toStorageError } from './errors.js';
import { copyAttributes } from './object-options.js';
import { repeatOnConnectionReset } from './retry.js';
import { fileMetadata, generationOf, probeDirectory, requireParentDirectory } from './objects.js';
import { objectsBelow } from './pages.js';
import { CONTENT_TYPE } from './upload.js';

export const RENAME_TAG = 'bucketftp-rename';

export async function renamePath(ctx: GcsContext, from: string, to: string, signal?: AbortSignal): Promise<void> {
  if (from === '/') throw new StorageError('permission', 'the root directory cannot be renamed');
  const source = await fileMetadata(ctx, from, signal);
  if (source) return renameFile(ctx, from, to, source, signal);
  if (!(await probeDirectory(ctx, from, signal))) throw notFound(from);
  return renameDirectory(ctx, from, to, signal);
}

async function renameFile(ctx: GcsContext, from: string, to: string, source: FileMetadata, signal?: AbortSignal): Promise<void> {
  if (await probeDirectory(ctx, to, signal)) throw isADirectory(to);
  await requireParentDirectory(ctx, to, signal);
  if (from === to) return;
  throwIfAborted(signal);
  const generation = generationOf(source);
  const original = ctx.bucket.file(ctx.keys.file(from), { generation });
  try {
    await repeatOnConnectionReset(() => original.copy(ctx.bucket.file(ctx.keys.file(to)), copyAttributes(ctx.objectOptions)));
  } catch (error) {
    throw toStorageError(error, { path: from });
  }
  await deleteOriginal(ctx, ctx.keys.file(from), generation).catch((error: unknown) => {
    const cause = toStorageError(error, { path: from });
    throw new StorageError(cause.kind, `${from} was copied to ${to} but could not be removed`, { cause: error });
  });
}

async function renameDirectory(ctx: GcsContext, from: string, to: string, signal?: AbortSignal): Promise<void> {
  if (isSameOrInside(to, from)) throw invalidArgument(`cannot move ${from} inside itself`);
  if ((await fileMetadata(ctx, to, signal)) || (await probeDirectory(ctx, to, signal))) throw alreadyExists(to);
  await requireParentDirectory(ctx, to, signal);

  const fromPrefix = ctx.keys.dir(from);
  const toPrefix = ctx.keys.dir(to);
  const renameId = randomUUID();
  let copied = 0;
  try {
    await forEachBounded(objectsBelow(ctx, fromPrefix, signal), ctx.renameConcurrency, async (object) => {
      const name = object.name ?? '';
      const generation = generationOf(object);
      const copy = ctx.bucket.file(toPrefix + name.slice(fromPrefix.length));
      await repeatOnConnectionReset(() =>
        ctx.bucket.file(name, { generation }).copy(copy, {
          ...copyAttributes(ctx.objectOptions),
          contentType: object.contentType ?? CONTENT_TYPE,
          metadata: { ...object.metadata, [RENAME_TAG]: `${renameId}:${generation ?? ''}` },
        }),
      );
      copied += 1;
    });
  } catch (error) {
    const cause = toStorageError(error, { path: from, signal });
    const copiesRemoved = await removeCopies(ctx, toPrefix, renameId);
    throw new StorageError(cause.kind, copyPassFailed({ from, to }, copied, copiesRemoved), { cause: error });
  }

  // From here on the rename completes regardless of the signal: every byte already exists at `to`.
  let removed = 0;
  try {
    await forEachBounded(copiesOf(ctx, toPrefix, renameId), ctx.renameConcurrency, async (copy) => {
      await deleteOriginal(ctx, fromPrefix + copy.name.slice(toPrefix.length), copy.sourceGeneration);
      removed += 1;
    });
  } catch (error) {
    const cause = toStorageError(error, { path: from });
    throw new StorageError(cause.kind, deletePassFailed({ from, to }, copied, removed), { cause: error });
  }
}

/** Deletes the original at the copied generation; one that is already gone is fine. */
async function deleteOriginal(ctx: GcsContext, name: string, generation: string | undefined): Promise<void> {
  try {
    await ctx.bucket.file(name).delete(generation === undefined ? {} : { ifGenerationMatch: generation });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

interface TaggedCopy {
  readonly name: string;
  readonly sourceGeneration: string | undefined;
}

/** The objects below `prefix` that rename `renameId` copied there. */
async function* copiesOf(ctx: GcsContext, prefix: string, renameId: string): AsyncGenerator<TaggedCopy, void, undefined> {
  for await (const object of objectsBelow(ctx, prefix)) {
    const tag = object.metadata?.[RENAME_TAG];
    if (typeof tag !== 'string' || !tag.startsWith(`${renameId}:`)) continue;
    const generation = tag.slice(renameId.length + 1);
    yield { name: object.name ?? '', sourceGeneration: generation === '' ? undefined : generation };
  }
}

/** Best-effort rollback of a failed copy pass; true when no copy is left behind. */
async function removeCopies(ctx: GcsContext, prefix: string, renameId: string): Promise<boolean> {
  let clean = true;
  try {
    await forEachBounded(copiesOf(ctx, prefix, renameId), ctx.renameConcurrency, async (copy) => {
      await ctx.bucket
        .file(copy.name)
        .delete({ ignoreNotFound: true })
        .catch(() => {
          clean = false;
        });
    });
  } catch {
    clean = false; // the listing failed: copies may remain
  }
  return clean;
}
