/**
 * Turning a finalised temporary upload into the target file: a server-side copy for a new or
 * replaced file, compose for resume and append (compose-resume.ts).
 */
import type { WriteResult } from '@bucketftp/storage';
import type { CopyOptions } from '@google-cloud/storage';
import { committedObject, extendObject } from './compose-resume.js';
import { copyAttributes } from './object-options.js';
import type { GcsContext } from './context.js';
import { rethrowAs } from './errors.js';
import { repeatOnConnectionReset } from './retry.js';
import type { UploadPlan } from './upload-plan.js';
import type { StagedUpload } from './upload.js';

/**
 * Commits `staged` to the file at `path` and returns the committed size (and generation, ETag). Not interruptible: once
 * every byte has been received, the commit is what the client is waiting for.
 */
export async function commitUpload(ctx: GcsContext, path: string, plan: UploadPlan, staged: StagedUpload): Promise<WriteResult> {
  if (plan.kind === 'extend') return extendObject(ctx, path, plan, staged);
  const target = ctx.bucket.file(ctx.keys.file(path));
  const copyOptions: CopyOptions = {
    ...copyAttributes(ctx.objectOptions),
    ...(plan.ifGenerationMatch !== undefined && { preconditionOpts: { ifGenerationMatch: plan.ifGenerationMatch } }),
  };
  // Copying an immutable temporary is idempotent, so a reset connection is simply retried. The
  // options object is made anew for each attempt: the client library deletes keys from it.
  const [, response] = await repeatOnConnectionReset(() => staged.object.copy(target, { ...copyOptions })).catch(rethrowAs({ path }));
  return committedObject(staged.size, (response as { resource?: unknown } | undefined)?.resource);
}
