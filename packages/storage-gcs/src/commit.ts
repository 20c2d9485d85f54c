/**
 * Turning a finalised temporary upload into the target file: a server-side copy for a new or
 * replaced file, compose for resume and append (compose-resume.ts).
 */
import { invalidArgument, type WriteMode } from '@bucketftp/storage';
import type { FileMetadata } from '@google-cloud/storage';
import { extendObject } from './compose-resume.js';
import type { GcsContext } from './context.js';
import { rethrowAs } from './errors.js';
import { repeatOnConnectionReset } from './retry.js';
import { generationOf, objectSize } from './objects.js';
import type { StagedUpload } from './upload.js';

export type UploadPlan =
  /** The upload becomes the whole file; `ifGenerationMatch: '0'` when it must still be missing. */
  | { readonly kind: 'replace'; readonly ifGenerationMatch?: string }
  /** Bytes [0, keep) of `base` (the current generation), then the upload. */
  | { readonly kind: 'extend'; readonly keep: number; readonly base: ObjectVersion };

export interface ObjectVersion {
  readonly generation: string | undefined;
  readonly size: number;
}

/**
 * What committing an upload in `mode` will do, given the current object (undefined when there is
 * none). Throws `invalid-argument` for a resume past the end, before any byte is read.
 */
export function planUpload(path: string, mode: WriteMode, existing: FileMetadata | undefined): UploadPlan {
  const base: ObjectVersion | undefined = existing && { generation: generationOf(existing), size: objectSize(existing) };
  switch (mode.kind) {
    case 'create':
      return { kind: 'replace' };
    case 'append':
      // A missing file is created — unless someone else creates it first.
      return base ? { kind: 'extend', keep: base.size, base } : { kind: 'replace', ifGenerationMatch: '0' };
    case 'resume': {
      const size = base?.size ?? 0;
      if (mode.offset > size) throw invalidArgument(`resume offset ${mode.offset} is past the end of ${path} (${size} bytes)`);
      return base && mode.offset > 0 ? { kind: 'extend', keep: mode.offset, base } : { kind: 'replace' };
    }
  }
}

/**
 * Commits `staged` to the file at `path` and returns the committed size. Not interruptible: once
 * every byte has been received, the commit is what the client is waiting for.
 */
export async function commitUpload(ctx: GcsContext, path: string, plan: UploadPlan, staged: StagedUpload): Promise<number> {
  if (plan.kind === 'extend') return extendObject(ctx, path, plan, staged);
  const target = ctx.bucket.file(ctx.keys.file(path));
  const preconditionOpts = plan.ifGenerationMatch === undefined ? undefined : { ifGenerationMatch: plan.ifGenerationMatch };
  // Copying an immutable temporary is idempotent, so a reset connection is simply retried.
  await repeatOnConnectionReset(() => staged.object.copy(target, preconditionOpts && { preconditionOpts })).catch(rethrowAs({ path }));
  return staged.size;
}
