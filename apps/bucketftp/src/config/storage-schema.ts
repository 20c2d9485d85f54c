/**
 * Where a user's files live: a local folder (`fs`), an S3 bucket or a GCS bucket, each with an
 * optional key prefix as the user's home. `defaults.s3` / `defaults.gcs` hold what many users share
 * (endpoint, region, credentials, even the bucket); they are merged under each user's own values
 * before the required fields are checked, so a user entry may be as short as `{ driver: s3, prefix: acme }`.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { secret, type SchemaContext } from './secrets.js';

/** A storage request making no progress for this long fails (451); capped by server.limits.dataTimeoutMs. */
const requestTimeoutMs = z.number().int().min(100).max(3_600_000);

const keyPrefix = z.string().regex(/^[^/].*[^/]$|^[^/]?$/, 'must not start or end with "/"');

function s3Fields(context: SchemaContext) {
  return {
    bucket: z.string().min(3).max(63),
    region: z.string().min(1),
    /** An S3-compatible endpoint (MinIO, Ceph, …); default: AWS. */
    endpoint: z.url(),
    forcePathStyle: z.boolean(),
    /** Default: the SDK's chain (env, shared profile, web identity / IRSA, instance role). */
    credentials: z.strictObject({
      accessKeyId: secret(context, z.string().min(1)),
      secretAccessKey: secret(context, z.string().min(1)),
      sessionToken: secret(context, z.string().min(1)).optional(),
    }),
    partSizeMiB: z.number().int().min(5).max(4096),
    maxPartsInFlight: z.number().int().min(1).max(64),
    /** Files whose kept modification time (MFMT) a one-page listing reads, one HeadObject each; 0: none. */
    mtimeLookups: z.number().int().min(0).max(100_000),
    requestTimeoutMs,
  };
}

function gcsFields(context: SchemaContext) {
  return {
    bucket: z.string().min(3).max(222),
    projectId: z.string().min(1),
    /** A custom endpoint (an emulator); default: Google's. */
    apiEndpoint: z.url(),
    /** A service-account key file; default: Application Default Credentials (workload identity). */
    keyFilename: z
      .string()
      .min(1)
      .transform((path) => resolve(context.baseDir, path)),
    requestTimeoutMs,
  };
}

/** `defaults:` — per-driver values merged under every user's (and every mount's) storage. */
export function storageDefaultsSchema(context: SchemaContext) {
  return z
    .strictObject({
      s3: z.strictObject(s3Fields(context)).partial().optional(),
      gcs: z.strictObject(gcsFields(context)).partial().optional(),
    })
    .prefault({});
}

export type StorageDefaults = z.output<ReturnType<typeof storageDefaultsSchema>>;

/** One storage, after `defaults` were merged under it. */
export function storageSchema(context: SchemaContext, defaults: StorageDefaults = {}) {
  const s3 = s3Fields(context);
  const gcs = gcsFields(context);
  const union = z.discriminatedUnion('driver', [
    z.strictObject({
      driver: z.literal('fs'),
      /** Folder holding the user's files (created when missing); relative to the file it is written in. */
      root: z
        .string()
        .min(1)
        .transform((path) => resolve(context.baseDir, path)),
      /**
       * fsync each uploaded file and its folder before the 226 (README: durable); default false:
       * the temp-file + rename alone, so no partial file ever appears, but a crash may lose the
       * last seconds of uploads.
       */
      durable: z.boolean().optional(),
    }),
    z.strictObject({
      driver: z.literal('s3'),
      bucket: s3.bucket,
      /** Key prefix acting as the user's home (`users/acme`); default: the bucket root. */
      prefix: keyPrefix.default(''),
      region: s3.region.default('us-east-1'),
      endpoint: s3.endpoint.optional(),
      forcePathStyle: s3.forcePathStyle.default(false),
      credentials: s3.credentials.optional(),
      partSizeMiB: s3.partSizeMiB.optional(),
      maxPartsInFlight: s3.maxPartsInFlight.optional(),
      mtimeLookups: s3.mtimeLookups.optional(),
      requestTimeoutMs: s3.requestTimeoutMs.optional(),
    }),
    z.strictObject({
      driver: z.literal('gcs'),
      bucket: gcs.bucket,
      /** Object-name prefix acting as the user's home; default: the bucket root. */
      prefix: keyPrefix.default(''),
      projectId: gcs.projectId.optional(),
      apiEndpoint: gcs.apiEndpoint.optional(),
      keyFilename: gcs.keyFilename.optional(),
      requestTimeoutMs: gcs.requestTimeoutMs.optional(),
    }),
  ]);
  return z.preprocess((raw) => withDefaults(raw, defaults), union);
}

export type StorageConfig = z.output<ReturnType<typeof storageSchema>>;

function withDefaults(raw: unknown, defaults: StorageDefaults): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const driver = (raw as { driver?: unknown }).driver;
  const shared = driver === 's3' ? defaults.s3 : driver === 'gcs' ? defaults.gcs : undefined;
  return shared ? { ...shared, ...raw } : raw;
}
