/**
 * One moto S3 emulator per test file, a fresh bucket per test, and looks at the objects behind the
 * server's back with the SDK.
 */
import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createBucket, motoClient, startMoto, type MotoServer } from '@bucketftp/storage-s3/testing';
import { afterAll, beforeAll } from 'vitest';
import { forEachIndex } from './bounded.js';
import { startCloudServer, type CloudServer } from './cloud-server.js';
import { digestStream, type StreamDigest } from './hashing.js';

export interface MotoHandle {
  readonly endpoint: () => string;
  /** The emulator's process id (to pause it with SIGSTOP). */
  readonly pid: () => number;
  readonly client: () => S3Client;
  /** The CLI serving a fresh bucket (or `bucket`), under `prefix`, to one user. */
  readonly serve: (options?: ServeOptions) => Promise<S3Served>;
}

export interface ServeOptions {
  /** An existing bucket to serve instead of a fresh one. */
  readonly bucket?: string;
  readonly prefix?: string;
  readonly partialUploads?: 'discard' | 'keep';
  /** Drop-box keys of the user (`maxFileSize`, `overwrite`, …). */
  readonly fileRules?: Readonly<Record<string, unknown>>;
  readonly requestTimeoutMs?: number;
}

export interface S3Served {
  readonly server: CloudServer;
  readonly bucket: string;
  readonly prefix: string;
  /** The object key of a path below the user's home (`a/b.bin` → `prefix/a/b.bin`). */
  readonly key: (path: string) => string;
}

/** Starts moto before the file's tests and stops it (and every server started through it) after them. */
export function useMoto(): MotoHandle {
  let moto: MotoServer | undefined;
  let client: S3Client | undefined;
  const servers: CloudServer[] = [];
  beforeAll(async () => {
    moto = await startMoto();
    client = motoClient(moto.endpoint);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    client?.destroy();
    await moto?.stop();
  });
  const endpoint = (): string => required(moto).endpoint;
  return {
    endpoint,
    pid: () => required(moto).pid,
    client: () => required(client),
    async serve(options = {}) {
      const bucket = options.bucket ?? (await createBucket(required(client), 'e2e'));
      const prefix = options.prefix ?? 'home/cloud';
      const server = await startCloudServer({
        storage: { driver: 's3', bucket, prefix, endpoint: endpoint(), requestTimeoutMs: options.requestTimeoutMs },
        partialUploads: options.partialUploads,
        fileRules: options.fileRules,
      });
      servers.push(server);
      return { server, bucket, prefix, key: (path) => (prefix === '' ? path : `${prefix}/${path}`) };
    },
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('moto is only available inside tests');
  return value;
}

export async function objectDigest(client: S3Client, bucket: string, key: string): Promise<StreamDigest> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return await digestStream(response.Body as AsyncIterable<Uint8Array>);
}

/** Every key of `bucket` (below `prefix`), sorted. */
export async function listKeys(client: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys.sort();
}

/** The multipart uploads in progress in `bucket` (keys with their upload ids). */
export async function multipartUploads(client: S3Client, bucket: string): Promise<string[]> {
  const response = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (response.Uploads ?? []).map((upload) => `${upload.Key} ${upload.UploadId}`);
}

/** Puts `keys[i]` with body `body(i)`, `concurrency` requests at a time. */
export async function putObjects(
  client: S3Client,
  bucket: string,
  keys: readonly string[],
  concurrency: number,
  body: (index: number) => string,
): Promise<void> {
  await forEachIndex(keys.length, concurrency, async (index) => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: keys[index], Body: body(index) }));
  });
}
