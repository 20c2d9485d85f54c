/** read: one ranged GetObject, streamed (read-stream.ts). */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { isADirectory } from '@bucketftp/storage';
import type { Readable } from 'node:stream';
import type { S3Context } from './context.js';
import { isNotFound, s3ErrorKind } from './errors.js';
import { directoryExists, failure } from './objects.js';
import { emptyStream, objectStream } from './read-stream.js';

export async function openDownload(ctx: S3Context, path: string, offset: number, signal?: AbortSignal): Promise<Readable> {
  if (path === '/') throw isADirectory(path);
  try {
    const response = await ctx.target.client.send(
      new GetObjectCommand({
        Bucket: ctx.target.bucket,
        Key: ctx.keys.file(path),
        Range: offset > 0 ? `bytes=${offset}-` : undefined,
      }),
      { abortSignal: signal },
    );
    return objectStream(response.Body as AsyncIterable<Uint8Array>, path, signal);
  } catch (error) {
    // RFC 9110 §15.5.17: 416 when the offset is at or past the end: nothing left to read.
    if (offset > 0 && s3ErrorKind(error) === 'invalid-argument') return emptyStream();
    if (isNotFound(error) && (await directoryExists(ctx, path, signal))) throw isADirectory(path);
    throw failure(error, path, signal);
  }
}
