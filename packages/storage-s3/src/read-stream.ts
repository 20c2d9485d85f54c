/** The stream handed to callers of read(): the GetObject body, its errors classified. */
import { Readable } from 'node:stream';
import { aborted } from '@bucketftp/storage';
import { downloadStream } from '@bucketftp/storage/object-store';
import { classifyS3Error } from './errors.js';

export function objectStream(body: AsyncIterable<Uint8Array>, path: string, signal?: AbortSignal): Readable {
  releaseIdleTimeout(body);
  async function* relay(): AsyncGenerator<Uint8Array> {
    try {
      yield* body;
    } catch (error) {
      // An aborted request surfaces as a reset socket; report the abort, not the reset.
      if (signal?.aborted) throw aborted(signal.reason);
      throw classifyS3Error(error, path);
    }
  }
  // Destroying the returned stream ends `relay`, which ends (and destroys) the body.
  return downloadStream(relay());
}

/**
 * Once the object's bytes flow, their pace is the FTP client's (backpressure): a client that reads
 * slowly must not trip the request timeout. The server's data timeout bounds a stalled download.
 */
function releaseIdleTimeout(body: unknown): void {
  const socket = (body as { socket?: { setTimeout?: (ms: number) => unknown } } | null)?.socket;
  socket?.setTimeout?.(0);
}

export function emptyStream(): Readable {
  return Readable.from([], { objectMode: false });
}
