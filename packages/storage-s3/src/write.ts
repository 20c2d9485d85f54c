/**
 * write: the checks against what exists (parent, a directory of that name, the object to keep a
 * head of), then the streamed upload (multipart-writer.ts). A plain STOR overlaps the checks with
 * receiving its first bytes; the writer sends nothing to S3 before they passed, except a small
 * file's put conditional on a new key (single-put.ts).
 */
import { baseName, invalidArgument, isADirectory, notFound, parentPath, type PartialUploadPolicy, type WriteMode, type WriteResult } from '@bucketftp/storage';
import type { S3Context } from './context.js';
import { planHead, type HeadPlan } from './head-plan.js';
import { MultipartWriter, type UploadStats } from './multipart-writer.js';
import { directoryExists, headFile, parentExists } from './objects.js';
import { floorFromSizeHint, PartSizing } from './part-sizing.js';

export interface FileWrite {
  readonly mode: WriteMode;
  readonly partial: PartialUploadPolicy;
  readonly sizeHint: number | undefined;
  readonly signal: AbortSignal | undefined;
  /** Hears the stats of the upload, whether it succeeded or not. */
  readonly onFinished: ((stats: UploadStats) => void) | undefined;
}

export async function writeFile(ctx: S3Context, path: string, source: AsyncIterable<Uint8Array>, write: FileWrite): Promise<WriteResult> {
  const key = ctx.keys.file(path);
  const written = ctx.folders.writing.add(key);
  try {
    return await writeKey(ctx, path, key, source, write);
  } finally {
    written();
  }
}

async function writeKey(ctx: S3Context, path: string, key: string, source: AsyncIterable<Uint8Array>, write: FileWrite): Promise<WriteResult> {
  const { mode, signal } = write;
  // A plain STOR needs nothing from the current object: its checks (a recent listing or probes) run
  // while the first bytes arrive, and the writer waits for them before anything is stored. They
  // are not cut short by the signal: under `keep`, what arrived before an abort is still committed.
  const create = mode.kind === 'create';
  const checks = checkTarget(ctx, path, create ? undefined : signal);
  let head: HeadPlan = { kind: 'none' };
  let preconditions: Promise<void> | undefined;
  if (create) {
    preconditions = checks;
    checks.catch(() => undefined); // reported by the writer; this only covers a throw before it starts
  } else {
    const [existing] = await Promise.all([headFile(ctx, path, signal), checks]);
    const existingObject = existing && { key, size: existing.ContentLength ?? 0, etag: existing.ETag };
    head = planHead(existingObject, bytesToKeep(mode, existingObject?.size ?? 0));
  }
  const { settings } = ctx;
  const writer = new MultipartWriter({
    target: ctx.target,
    key,
    path,
    sizing: new PartSizing({
      baseBytes: settings.partSizeBytes,
      floorBytes: floorFromSizeHint(write.sizeHint, settings.uploadBufferBytes),
    }),
    multipartThresholdBytes: settings.multipartThresholdBytes,
    bufferBudgetBytes: settings.uploadBufferBytes,
    maxPartsInFlight: settings.maxPartsInFlight,
    partial: write.partial,
    head,
    ...(preconditions && { preconditions }),
    signal,
  });
  try {
    return await writer.write(source);
  } finally {
    write.onFinished?.(writer.stats);
  }
}

/**
 * The parent must exist and `path` must not be a directory: from a recent listing of the parent
 * (folder-cache.ts), else by probing both. Files being written do not make a parent exist: a small
 * file's put may create its key while this runs (single-put.ts).
 */
async function checkTarget(ctx: S3Context, path: string, signal: AbortSignal | undefined): Promise<void> {
  const parent = parentPath(path);
  const folder = await ctx.folders.view(ctx.target, ctx.keys.dir(parent), parent, signal);
  if (folder) {
    if (!folder.exists) throw notFound(parent);
    if (folder.subdirectories.has(baseName(path))) throw isADirectory(path);
    return;
  }
  const [parentFound, isDirectory] = await Promise.all([parentExists(ctx, parent, signal, true), directoryExists(ctx, path, signal)]);
  if (!parentFound) throw notFound(parent);
  if (isDirectory) throw isADirectory(path);
}

/** Bytes [0, n) of the existing object the new one keeps; `resume` past the end is invalid. */
function bytesToKeep(mode: WriteMode, existingSize: number): number {
  switch (mode.kind) {
    case 'create':
      return 0;
    case 'append':
      return existingSize;
    case 'resume':
      if (mode.offset > existingSize) throw invalidArgument(`resume offset ${mode.offset} is past the end (${existingSize} bytes)`);
      return mode.offset;
  }
}
