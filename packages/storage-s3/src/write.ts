/**
 * write: the checks against what exists (parent, a directory of that name, the object to keep a
 * head of), then the streamed upload (multipart-writer.ts).
 */
import { invalidArgument, isADirectory, notFound, parentPath, type PartialUploadPolicy, type WriteMode, type WriteResult } from '@bucketftp/storage';
import type { S3Context } from './context.js';
import { planHead } from './head-plan.js';
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
  const { mode, signal } = write;
  const parent = parentPath(path);
  const [parentFound, isDirectory, existing] = await Promise.all([
    parentExists(ctx, parent, signal),
    directoryExists(ctx, path, signal),
    mode.kind === 'create' ? undefined : headFile(ctx, path, signal),
  ]);
  if (!parentFound) throw notFound(parent);
  if (isDirectory) throw isADirectory(path);
  const key = ctx.keys.file(path);
  const existingObject = existing && { key, size: existing.ContentLength ?? 0, etag: existing.ETag };
  const head = planHead(existingObject, bytesToKeep(mode, existingObject?.size ?? 0));
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
    signal,
  });
  try {
    return await writer.write(source);
  } finally {
    write.onFinished?.(writer.stats);
  }
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
