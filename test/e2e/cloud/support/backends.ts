/**
 * The two object stores behind one shape, for the suites that run the same scenarios on each
 * (`describe.each`): serve a bucket through the server, and look at or make objects behind its back.
 */
import type { CloudServer } from './cloud-server.js';
import { objectDigest as gcsObjectDigest, objectNames, saveObjects, useGcsEmulator } from './gcs.js';
import type { StreamDigest } from './hashing.js';
import { listKeys, multipartUploads, objectDigest as s3ObjectDigest, putObjects, useMoto } from './s3.js';

export interface BackendServeOptions {
  /** An existing bucket (by name) to serve instead of a fresh one. */
  readonly bucket?: string;
  readonly partialUploads?: 'discard' | 'keep';
  /** Drop-box keys of the user (`maxFileSize`, `overwrite`, …). */
  readonly fileRules?: Readonly<Record<string, unknown>>;
}

export interface ServedBucket {
  readonly server: CloudServer;
  /** The bucket's name, to serve it again. */
  readonly bucket: string;
  /** The user's home in the bucket. */
  readonly prefix: string;
  /** The object key of a path below the user's home (`a/b.bin` → `prefix/a/b.bin`). */
  readonly key: (path: string) => string;
  /** The digest of an object, read with the SDK. */
  readonly digest: (key: string) => Promise<StreamDigest>;
  /** Every object key in the bucket (below `prefix`), sorted, listed with the SDK. */
  readonly keys: (prefix?: string) => Promise<string[]>;
  /** S3 only: the multipart uploads in progress (keys with their upload ids). */
  readonly multipartUploads?: () => Promise<string[]>;
  /** Puts `keys[i]` with body `body(i)` with the SDK, `concurrency` requests at a time. */
  readonly create: (keys: readonly string[], concurrency: number, body: (index: number) => string) => Promise<void>;
}

export interface CloudBackend {
  /** `s3` or `gcs`: the label of the report lines. */
  readonly label: 's3' | 'gcs';
  /** `S3` or `GCS`: the start of the suite titles. */
  readonly name: 'S3' | 'GCS';
  /** Starts the emulator around the current describe's tests; returns how to serve a bucket. */
  readonly use: () => (options?: BackendServeOptions) => Promise<ServedBucket>;
}

export const S3: CloudBackend = {
  label: 's3',
  name: 'S3',
  use() {
    const moto = useMoto();
    return async (options = {}) => {
      const served = await moto.serve(options);
      return {
        server: served.server,
        bucket: served.bucket,
        prefix: served.prefix,
        key: served.key,
        digest: (key) => s3ObjectDigest(moto.client(), served.bucket, key),
        keys: (prefix) => listKeys(moto.client(), served.bucket, prefix),
        multipartUploads: () => multipartUploads(moto.client(), served.bucket),
        create: (keys, concurrency, body) => putObjects(moto.client(), served.bucket, keys, concurrency, body),
      };
    };
  },
};

export const GCS: CloudBackend = {
  label: 'gcs',
  name: 'GCS',
  use() {
    const gcs = useGcsEmulator();
    return async (options = {}) => {
      const served = await gcs.serve(options);
      return {
        server: served.server,
        bucket: served.bucket.name,
        prefix: served.prefix,
        key: served.key,
        digest: (key) => gcsObjectDigest(served.bucket, key),
        keys: (prefix) => objectNames(served.bucket, prefix),
        create: (keys, concurrency, body) => saveObjects(served.bucket, keys, concurrency, body),
      };
    };
  },
};
