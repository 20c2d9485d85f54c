/**
 * One GCS emulator (fake-gcs-server) per test file, a fresh bucket per test, and looks at the objects behind the server's back with the client library.
 */
import { Storage, type Bucket } from '@google-cloud/storage';
import { startGcsEmulator, type GcsEmulator } from '@bucketftp/storage-gcs/testing';
import { afterAll, beforeAll } from 'vitest';
import { forEachIndex } from './bounded.js';
import { startCloudServer, type CloudServer } from './cloud-server.js';
import { digestStream, type StreamDigest } from './hashing.js';

export interface GcsHandle {
  readonly storage: () => Storage;
  /** The CLI serving a fresh bucket (or `bucket`), under `prefix`, to one user. */
  readonly serve: (options?: ServeOptions) => Promise<GcsServed>;
}

export interface ServeOptions {
  /** An existing bucket to serve instead of a fresh one. */
  readonly bucket?: string;
  readonly prefix?: string;
  readonly partialUploads?: 'discard' | 'keep';
  /** Drop-box keys of the user (`maxFileSize`, `overwrite`, …). */
  readonly fileRules?: Readonly<Record<string, unknown>>;
}

export interface GcsServed {
  readonly server: CloudServer;
  readonly bucket: Bucket;
  readonly prefix: string;
  /** The object name of a path below the user's home (`a/b.bin` → `prefix/a/b.bin`). */
  readonly key: (path: string) => string;
}

let buckets = 0;

/** Starts the emulator before the file's tests and stops it (and every server started through it) after them. */
export function useGcsEmulator(): GcsHandle {
  let emulator: GcsEmulator | undefined;
  let storage: Storage | undefined;
  const servers: CloudServer[] = [];
  beforeAll(async () => {
    emulator = await startGcsEmulator();
    storage = new Storage({ apiEndpoint: emulator.apiEndpoint, projectId: emulator.projectId });
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await emulator?.stop();
  });
  return {
    storage: () => required(storage),
    async serve(options = {}) {
      const running = required(emulator);
      buckets += 1;
      const name = options.bucket ?? `e2e-${process.pid}-${buckets}`;
      if (options.bucket === undefined) await running.createBucket(name);
      const prefix = options.prefix ?? 'home/cloud';
      const server = await startCloudServer({
        storage: { driver: 'gcs', bucket: name, prefix, apiEndpoint: running.apiEndpoint, projectId: running.projectId },
        partialUploads: options.partialUploads,
        fileRules: options.fileRules,
      });
      servers.push(server);
      return { server, bucket: required(storage).bucket(name), prefix, key: (path) => (prefix === '' ? path : `${prefix}/${path}`) };
    },
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the GCS emulator is only available inside tests');
  return value;
}

export async function objectDigest(bucket: Bucket, name: string): Promise<StreamDigest> {
  return await digestStream(bucket.file(name).createReadStream());
}

/** Every object name in `bucket` below `prefix`, sorted. */
export async function objectNames(bucket: Bucket, prefix = ''): Promise<string[]> {
  const [files] = await bucket.getFiles({ prefix });
  return files.map((file) => file.name).sort();
}

/** Saves `names[i]` with body `body(i)`, `concurrency` requests at a time. */
export async function saveObjects(bucket: Bucket, names: readonly string[], concurrency: number, body: (index: number) => string): Promise<void> {
  await forEachIndex(names.length, concurrency, async (index) => {
    await bucket.file(names[index] ?? '').save(body(index), { resumable: false });
  });
}
