/** Reading a file: one (ranged) media download of the generation that was just looked up. */
import { addAbortSignal, Readable } from 'node:stream';
import { isADirectory, notFound } from '@bucketftp/storage';
import { downloadStream } from '@bucketftp/storage/object-store';
import type { FileMetadata } from '@google-cloud/storage';
import type { GcsContext } from './context.js';
import { toStorageError } from './errors.js';
import { fileMetadata, generationOf, objectSize, probeDirectory } from './objects.js';

export async function openDownload(ctx: GcsContext, path: string, offset: number, signal?: AbortSignal): Promise<Readable> {
  const metadata = await requireFile(ctx, path, signal);
  const stream =
    offset >= objectSize(metadata)
      ? // GCS answers 416 for a range starting at or past the end; the contract wants no bytes.
        Readable.from([], { objectMode: false })
      : downloadStream(classified(openMedia(ctx, path, metadata, offset), path));
  return signal ? addAbortSignal(signal, stream) : stream;
}

/** The metadata of the file at `path`: `not-found`, or `is-a-directory` for a directory. */
export async function requireFile(ctx: GcsContext, path: string, signal?: AbortSignal): Promise<FileMetadata> {
  if (path === '/') throw isADirectory(path);
  const metadata = await fileMetadata(ctx, path, signal);
  if (metadata) return metadata;
  throw (await probeDirectory(ctx, path, signal)) ? isADirectory(path) : notFound(path);
}

function openMedia(ctx: GcsContext, path: string, metadata: FileMetadata, offset: number): Readable {
  // Pinned to the generation looked up, so the bytes always belong to the size just checked.
  // Whole-object reads are checked against the stored CRC32C by the client; ranged ones cannot be.
  const object = ctx.bucket.file(ctx.keys.file(path), { generation: generationOf(metadata) });
  return object.createReadStream(offset > 0 ? { start: offset } : {});
}

/** Re-throws the download's failures as StorageErrors; abandoning the iteration ends the download. */
async function* classified(stream: Readable, path: string): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) yield chunk;
  } catch (error) {
    throw toStorageError(error, { path });
  }
}
