/**
 * Resume (REST n + STOR) and append (APPE) without downloading the file: GCS `compose` joins
 * whole objects server-side (https://cloud.google.com/storage/docs/composite-objects), so
 *
 * - n equal to the current size (every append, the usual resume): compose [current, upload];
 * - n smaller: first stream bytes [0, n) of the current object through a ranged read into a
 *   temporary "head" object, then compose [head, upload].
 *
 * Two sources, far below compose's limit of 32. The compose is conditional on the generation the
 * plan was made from (ifGenerationMatch), so a concurrent replacement of the file makes it fail
 * (`unavailable`) instead of splicing the upload onto bytes it was not meant to follow.
 */
import { StorageError, type WriteResult } from '@bucketftp/storage';
import type { File } from '@google-cloud/storage';
import type { UploadPlan } from './upload-plan.js';
import type { GcsContext } from './context.js';
import { toStorageError } from './errors.js';
import { deleteQuietly } from './objects.js';
import { CONTENT_TYPE, stageUpload, type StagedUpload } from './upload.js';

type ExtendPlan = Extract<UploadPlan, { kind: 'extend' }>;

/** Commits bytes [0, plan.keep) of the current object followed by `staged`; returns the new size. */
export async function extendObject(ctx: GcsContext, path: string, plan: ExtendPlan, staged: StagedUpload): Promise<WriteResult> {
  const key = ctx.keys.file(path);
  const current = ctx.bucket.file(key, { generation: plan.base.generation });
  if (plan.keep === plan.base.size && staged.size === 0) return committedObject(plan.base.size, { generation: plan.base.generation }); // nothing to add
  const head = plan.keep === plan.base.size ? current : await copyHead(ctx, path, current, plan.keep);
  try {
    const composed = await compose(ctx, [head, staged.object], ctx.bucket.file(key), plan.base.generation);
    return committedObject(plan.keep + staged.size, composed);
  } catch (error) {
    throw toStorageError(error, { path });
  } finally {
    if (head !== current) await deleteQuietly(head);
  }
}

/**
 * objects.compose (https://cloud.google.com/storage/docs/json_api/v1/objects/compose) of `sources`
 * (each at its generation, when it has one) into `destination`, conditional on the destination's
 * generation; returns the composed size. The request is made here rather than by `bucket.combine`,
 * which sends no storage class for the destination: the composite would fall back to the bucket's
 * default class. The KMS key goes in the query (`kmsKeyName`), as for any other write.
 */
/** The composed object's resource, as GCS answered it. */
async function compose(ctx: GcsContext, sources: readonly File[], destination: File, ifGenerationMatch: string | undefined): Promise<unknown> {
  const { kmsKeyName, storageClass } = ctx.objectOptions;
  const [body] = await destination.request({
    method: 'POST',
    uri: '/compose',
    json: {
      destination: { contentType: CONTENT_TYPE, ...(storageClass !== undefined && { storageClass }) },
      sourceObjects: sources.map((source) => ({
        name: source.name,
        ...(source.generation !== undefined && { generation: Number(source.generation) }),
      })),
    },
    qs: { ...(ifGenerationMatch !== undefined && { ifGenerationMatch }), ...(kmsKeyName !== undefined && { kmsKeyName }) },
  });
  return body;
}

/** Streams bytes [0, bytes) of `source` into a new temporary object (bounded memory, as any upload). */
async function copyHead(ctx: GcsContext, path: string, source: File, bytes: number): Promise<File> {
  const range = source.createReadStream({ start: 0, end: bytes - 1 });
  let head: StagedUpload;
  try {
    head = await stageUpload(ctx, range, { path, partial: 'discard', purpose: 'head', committedBy: 'compose' });
  } catch (error) {
    throw toStorageError(error, { path });
  }
  if (head.size !== bytes) {
    await deleteQuietly(head.object);
    throw new StorageError('unavailable', `resume of ${path}: read ${head.size} of the ${bytes} bytes to keep`);
  }
  return head.object;
}

/** The write result with the generation and ETag of the object resource GCS answered a commit with. */
export function committedObject(expectedSize: number, resource: unknown): WriteResult {
  const object = (resource ?? {}) as { size?: unknown; generation?: unknown; etag?: unknown };
  return {
    size: object.size === undefined ? expectedSize : Number(object.size),
    ...(typeof object.generation === 'string' || typeof object.generation === 'number' ? { generation: String(object.generation) } : {}),
    ...(typeof object.etag === 'string' ? { etag: object.etag } : {}),
  };
}
