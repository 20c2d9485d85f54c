/**
 * write(): check, then a small file in one request (small-upload.ts), a longer new one streamed
 * straight onto its name (direct-upload.ts); anything else is staged in a temporary object,
 * committed, and the temporary cleaned up.
 *
 * Under `discard` a failed, reset or aborted upload never reaches the target: only a finalised
 * temporary is ever copied or composed onto it. Under `keep` the bytes received are committed the
 * same way, then the original failure is thrown.
 */
import { isADirectory, type PartialUploadPolicy, type WriteMode, type WriteResult } from '@bucketftp/storage';
import { commitUpload } from './commit.js';
import { planUpload, type UploadPlan } from './upload-plan.js';
import type { GcsContext } from './context.js';
import { deleteQuietly, fileMetadata, probeDirectory, requireParentDirectory } from './objects.js';
import { readStart, saveWhole } from './small-upload.js';
import { stageUpload } from './upload.js';
import { directUploadPossible, uploadNewFile } from './direct-upload.js';

export interface WriteRequest {
  readonly mode: WriteMode;
  readonly partial: PartialUploadPolicy;
  readonly signal?: AbortSignal | undefined;
}

export async function writeFile(
  ctx: GcsContext,
  path: string,
  source: AsyncIterable<Uint8Array>,
  { mode, partial, signal }: WriteRequest,
): Promise<WriteResult> {
  if (path === '/') throw isADirectory(path);
  let plan: UploadPlan;
  if (mode.kind === 'create') {
    // A plain STOR needs nothing from the current object: its checks run while the first bytes
    // arrive, and nothing is written before they passed.
    const checked = checkNewFile(ctx, path, signal);
    const reading = readStart(source, signal, directLimit(ctx));
    reading.catch(() => undefined); // a failed check stops the wait for it; its end no longer matters
    const [, start] = await Promise.all([checked, reading]);
    if (start.small) return saveWhole(ctx, path, start, partial);
    source = start.source;
    // A new file streams straight onto its name; an existing one is staged and replaced whole.
    if (directUploadPossible(ctx.bucket.storage.apiEndpoint) && !(await fileMetadata(ctx, path, signal))) {
      const direct = await uploadNewFile(ctx, source, { path, partial, signal });
      if (direct !== 'exists') return direct;
    }
    plan = { kind: 'replace' };
  } else {
    await requireParentDirectory(ctx, path, signal);
    // Append and resume need the current object's size and generation.
    const existing = await fileMetadata(ctx, path, signal);
    if (!existing && (await probeDirectory(ctx, path, signal))) throw isADirectory(path);
    plan = planUpload(path, mode, existing);
    if (plan.kind === 'replace') {
      const start = await readStart(source, signal, directLimit(ctx));
      if (start.small) return saveWhole(ctx, path, start, partial, plan.ifGenerationMatch);
      source = start.source;
    }
  }

  const staged = await stageUpload(ctx, source, { path, partial, signal, committedBy: plan.kind === 'extend' ? 'compose' : 'copy' });
  let committed: WriteResult;
  try {
    committed = await commitUpload(ctx, path, plan, staged);
  } finally {
    await deleteQuietly(staged.object);
  }
  if ('failure' in staged) throw staged.failure;
  return committed;
}

/** 0 stages every upload, an empty one too. */
function directLimit(ctx: GcsContext): number {
  return ctx.directUploadMaxBytes === 0 ? -1 : ctx.directUploadMaxBytes;
}

/** A new file needs its parent directory, and no directory of its own name. */
async function checkNewFile(ctx: GcsContext, path: string, signal: AbortSignal | undefined): Promise<void> {
  const [, directory] = await Promise.all([requireParentDirectory(ctx, path, signal), probeDirectory(ctx, path, signal)]);
  if (directory) throw isADirectory(path);
}
