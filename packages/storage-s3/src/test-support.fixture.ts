/** Shared by the moto-backed tests: one moto per test file, a fresh bucket per test. */
import { createHash } from 'node:crypto';
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { S3Driver } from './s3-driver.js';
import type { S3DriverOptions } from './options.js';
import type { UploadStats } from './multipart-writer.js';
import { createBucket, motoClient, startMoto, type MotoServer } from './testing/moto.js';

export interface TestBucket {
  readonly client: S3Client;
  readonly bucket: string;
  /** The stats of every upload made through drivers of this bucket, in order. */
  readonly uploads: UploadStats[];
  driver(options?: Partial<S3DriverOptions>): S3Driver;
  multipartUploads(): Promise<unknown[]>;
}

/** Starts moto for this file and returns a factory of fresh buckets (closed after each test). */
export function useMoto(): { bucket: () => Promise<TestBucket>; endpoint: () => string } {
  let moto: MotoServer | undefined;
  const clients: S3Client[] = [];
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  const endpoint = (): string => {
    if (!moto) throw new Error('moto is not running');
    return moto.endpoint;
  };
  return {
    endpoint,
    bucket: async () => {
      const client = motoClient(endpoint());
      clients.push(client);
      const bucket = await createBucket(client);
      const uploads: UploadStats[] = [];
      return {
        client,
        bucket,
        uploads,
        driver: (options = {}) =>
          new S3Driver({
            bucket,
            client,
            partSizeBytes: 5 * 1024 * 1024,
            onUploadFinished: (_, stats) => uploads.push(stats),
            ...options,
          }),
        multipartUploads: async () => (await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [],
      };
    },
  };
}

/** Byte i of a pattern with no short period. */
const patternByte = (i: number): number => (i * 31 + Math.floor(i / 257) + Math.floor(i / 65_521)) & 0xff;

/** Pattern bytes [start, end) in chunks of `chunkBytes` (odd by default, so parts never align). */
export async function* pattern(start: number, end: number, chunkBytes = 64 * 1024 + 3): AsyncGenerator<Uint8Array> {
  for (let from = start; from < end; from += chunkBytes) {
    const chunk = new Uint8Array(Math.min(chunkBytes, end - from));
    for (let k = 0; k < chunk.length; k++) chunk[k] = patternByte(from + k);
    yield chunk;
  }
}

/** Yields `source`, then throws `error`. */
export async function* thenFail(source: AsyncIterable<Uint8Array>, error: Error): AsyncGenerator<Uint8Array> {
  yield* source;
  throw error;
}

/** Yields `source`, then aborts `controller` and waits forever. */
export async function* thenAbort(source: AsyncIterable<Uint8Array>, controller: AbortController): AsyncGenerator<Uint8Array> {
  yield* source;
  controller.abort(new Error('aborted by the test'));
  await new Promise<never>(() => undefined);
}

export async function* concat(...sources: AsyncIterable<Uint8Array>[]): AsyncGenerator<Uint8Array> {
  for (const source of sources) yield* source;
}

export async function* chunks(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const text of texts) yield Buffer.from(text);
}

export async function sha256(source: AsyncIterable<unknown>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source) {
    hash.update(chunk as Uint8Array);
    size += (chunk as Uint8Array).byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}

/** A request the client sent: the command's name without `Command`, and its input. */
export interface SentRequest {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

/** Records every request `client` sends from now on, in order (a middleware on the real client). */
export function recordRequests(client: S3Client): SentRequest[] {
  const sent: SentRequest[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push({ command: String(context.commandName).replace(/Command$/, ''), input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: `recordRequests${Math.random()}` },
  );
  return sent;
}
