/**
 * write(): check, stage the bytes in a temporary object, commit, clean up.
 *
 * Under `discard` a failed, reset or aborted upload never reaches the target: only a finalised
 * temporary is ever copied or composed onto it. Under `keep` the bytes received are committed the
 * same way, then the original failure is thrown.
 */
import { isADirectory, type PartialUploadPolicy, type WriteMode, type WriteResult } from '@bucketftp/storage';
import { commitUpload } from './commit.js';
import { planUpload } from './upload-plan.js';
import type { GcsContext } from './context.js';
import { deleteQuietly, fileMetadata, probeDirectory, requireParentDirectory } from './objects.js';
import { stageUpload } from './upload.js';

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
  await requireParentDirectory(ctx, path, signal);
  // A plain STOR needs nothing from the current object; append and resume need its size and generation.
  const existing = mode.kind === 'create' ? undefined : await fileMetadata(ctx, path, signal);
  if (!existing && (await probeDirectory(ctx, path, signal))) throw isADirectory(path);
  const plan = planUpload(path, mode, existing);

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
