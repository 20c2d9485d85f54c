/** Test setup shared by this package's test files: one emulator per file, a fresh bucket per test. */
import { Storage, type Bucket } from '@google-cloud/storage';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy.fixture.js';
import { GcsDriver } from './gcs-driver.js';
import type { GcsDriverOptions } from './options.js';
import { startGcsEmulator, type GcsEmulator } from './testing/emulator.js';

export interface EmulatorHandle {
  readonly emulator: () => GcsEmulator;
  /** A client of the emulator, for looking at the objects behind the driver's back. */
  readonly storage: () => Storage;
}

/** Starts an emulator before the file's tests and stops it after them. */
export function useGcsEmulator(): EmulatorHandle {
  let emulator: GcsEmulator | undefined;
  let storage: Storage | undefined;
  beforeAll(async () => {
    emulator = await startGcsEmulator();
    storage = new Storage({ apiEndpoint: emulator.apiEndpoint, projectId: emulator.projectId });
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  return {
    emulator: () => required(emulator),
    storage: () => required(storage),
  };
}

export interface ProxiedEmulator extends EmulatorHandle {
  readonly proxy: () => FaultProxy;
}

/**
 * An emulator behind a fault-injecting proxy; `storage()` talks through the proxy with the client's
 * automatic retries off, so an injected failure reaches the driver at once.
 */
export function useProxiedGcsEmulator(): ProxiedEmulator {
  const direct = useGcsEmulator();
  let proxy: FaultProxy | undefined;
  let storage: Storage | undefined;
  beforeAll(async () => {
    proxy = await startFaultProxy(direct.emulator().apiEndpoint);
    storage = new Storage({ apiEndpoint: proxy.endpoint, projectId: direct.emulator().projectId, retryOptions: { autoRetry: false } });
  });
  afterEach(() => {
    proxy?.failWhen(undefined);
    proxy?.requests.splice(0);
  });
  afterAll(async () => {
    await proxy?.close();
  });
  return { emulator: direct.emulator, storage: () => required(storage), proxy: () => required(proxy) };
}

let buckets = 0;

/** A bucket name no earlier test used. */
export function freshBucketName(): string {
  buckets += 1;
  return `bucketftp-test-${process.pid}-${buckets}`;
}

/** Creates a bucket no earlier test used and returns its name. */
export async function freshBucket(handle: EmulatorHandle): Promise<string> {
  const name = freshBucketName();
  await handle.emulator().createBucket(name);
  return name;
}

/** A driver on a fresh bucket of the emulator (or on `options.bucket`, which must exist). */
export async function driverOn(handle: EmulatorHandle, options: Partial<GcsDriverOptions> = {}): Promise<{ driver: GcsDriver; bucket: Bucket }> {
  const name = options.bucket ?? (await freshBucket(handle));
  const driver = new GcsDriver({ storage: handle.storage(), ...options, bucket: name });
  return { driver, bucket: handle.storage().bucket(name) };
}

/** Every object name in `bucket` below `prefix`, sorted. */
export async function objectNames(bucket: Bucket, prefix = ''): Promise<string[]> {
  const [files] = await bucket.getFiles({ prefix });
  return files.map((file) => file.name).sort();
}

/** Fails the test when anything is left under the temporaries prefix (the default one, at the bucket root). */
export async function expectNoTemporaries(bucket: Bucket, tempPrefix = '.bucketftp-tmp/'): Promise<void> {
  expect(await objectNames(bucket, tempPrefix)).toEqual([]);
}

/** Deletes every object in `bucket` (the emulator lists across all buckets, so leftovers slow it down). */
export async function emptyBucket(bucket: Bucket): Promise<void> {
  const [files] = await bucket.getFiles();
  for (let start = 0; start < files.length; start += 32) {
    await Promise.all(files.slice(start, start + 32).map((file) => file.delete({ ignoreNotFound: true })));
  }
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the GCS emulator is only available inside tests');
  return value;
}
