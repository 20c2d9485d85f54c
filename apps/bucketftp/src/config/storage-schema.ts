/**
 * Where a user's files live: a local folder (`fs`), an S3 bucket or a GCS bucket, each with an
 * optional key prefix as the user's home. `defaults.s3` / `defaults.gcs` hold what many users share
 * (endpoint, region, credentials, even the bucket); they are merged under each user's own values
 * before the required fields are checked, so a user entry may be as short as `{ driver: s3, prefix: acme }`.
 */
import { resolve } from 'node:path';
// The drivers' option rules, from entry points that load no cloud SDK (the drivers load lazily).
import { GCS_STORAGE_CLASSES, KMS_KEY_NAME } from '@bucketftp/storage-gcs/object-options';
import { ARCHIVE_STORAGE_CLASSES, CANNED_ACLS, READABLE_STORAGE_CLASSES, TAG_LIMITS, tagProblem } from '@bucketftp/storage-s3/object-options';
import { z } from 'zod';
import { secret, type SchemaContext } from './secrets.js';

/** A storage request making no progress for this long fails (451); capped by server.limits.dataTimeoutMs. */
const requestTimeoutMs = z.number().int().min(100).max(3_600_000);

const keyPrefix = z.string().regex(/^[^/].*[^/]$|^[^/]?$/, 'must not start or end with "/"');

const s3StorageClass = z.enum(READABLE_STORAGE_CLASSES, {
  error: (issue) =>
    (ARCHIVE_STORAGE_CLASSES as readonly unknown[]).includes(issue.input)
      ? `${String(issue.input)} is refused: its objects must be restored before they can be read, so every download (RETR) would fail; archive with a bucket lifecycle rule instead`
      : `must be one of ${READABLE_STORAGE_CLASSES.join(', ')}`,
});

/** Object tags, within S3's limits (at most 10; keys 1–128, values 0–256 characters). */
const s3Tags = z.record(z.string(), z.string()).superRefine((tags, context) => {
  const keys = Object.keys(tags);
  if (keys.length > TAG_LIMITS.maxTags) context.addIssue({ code: 'custom', message: `at most ${TAG_LIMITS.maxTags} tags, not ${keys.length}` });
  for (const key of keys) {
    const problem = tagProblem(key, tags[key] ?? '');
    if (problem !== undefined) context.addIssue({ code: 'custom', path: [key], message: problem });
  }
});

/** `aws:kms` names its key; a key is only used with `aws:kms`. */
function checkS3Encryption(storage: { serverSideEncryption?: string | undefined; kmsKeyId?: string | undefined }, context: z.RefinementCtx): void {
  if (typeof storage !== 'object' || storage === null) return;
  if (storage.serverSideEncryption === 'aws:kms' && storage.kmsKeyId === undefined) {
    context.addIssue({ code: 'custom', path: ['kmsKeyId'], message: 'required with serverSideEncryption: aws:kms' });
  }
  if (storage.kmsKeyId !== undefined && storage.serverSideEncryption !== 'aws:kms') {
    context.addIssue({ code: 'custom', path: ['serverSideEncryption'], message: 'must be aws:kms when kmsKeyId is set' });
  }
}

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
    /** How long one listing of a folder answers the checks of uploads into it; 0: probe for every upload. */
    folderCacheMs: z.number().int().min(0).max(3_600_000),
    requestTimeoutMs,
    /** Object options (README: object options); none is sent unless set. */
    serverSideEncryption: z.enum(['AES256', 'aws:kms']),
    kmsKeyId: z.string().min(1),
    storageClass: s3StorageClass,
    tags: s3Tags,
    acl: z.enum(CANNED_ACLS),
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
    /** An upload up to this size is held whole and sent in one request onto its file; 0: every upload is staged. */
    directUploadMaxMiB: z.number().int().min(0).max(64),
    /** Send staged uploads in chunks of this size, each held until acknowledged; default: one streamed request. */
    resumableChunkMiB: z.number().int().min(1).max(256),
    /** Object options (README: object options); none is sent unless set. */
    kmsKeyName: z.string().regex(KMS_KEY_NAME, 'must look like projects/P/locations/L/keyRings/R/cryptoKeys/K'),
    storageClass: z.enum(GCS_STORAGE_CLASSES),
    /** Object-name prefix of the temporaries of uploads, from the bucket root (README: tempPrefix). */
    tempPrefix: z
      .string()
      .regex(/^(?:(?!\.{1,2}\/)[^/\r\n]+\/)*(?!\.{1,2}\/?$)[^/\r\n]+\/?$/, 'must be folder names joined by "/" (no leading "/", no empty, "." or ".." folder), e.g. .bucketftp-tmp/'),
  };
}

/**
 * The temporaries' prefix is bucket-wide: never around a user's files (they would be swept) nor
 * in a folder of them (the GCS driver refuses both; here --check-config sees it too).
 */
function checkGcsTempPrefix(storage: { prefix: string; tempPrefix?: string | undefined }, context: z.RefinementCtx): void {
  const root = storage.prefix === '' ? '' : `${storage.prefix}/`;
  const temp = `${(storage.tempPrefix ?? '.bucketftp-tmp/').replace(/\/$/, '')}/`;
  if (root.startsWith(temp)) context.addIssue({ code: 'custom', path: ['prefix'], message: `must not lie inside the temporaries' prefix ${temp}` });
  else if (temp.startsWith(root) && temp.slice(root.length, -1).includes('/')) {
    context.addIssue({ code: 'custom', path: ['tempPrefix'], message: `must not lie inside a folder of prefix ${JSON.stringify(storage.prefix)}` });
  }
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
      folderCacheMs: s3.folderCacheMs.optional(),
      requestTimeoutMs: s3.requestTimeoutMs.optional(),
      serverSideEncryption: s3.serverSideEncryption.optional(),
      kmsKeyId: s3.kmsKeyId.optional(),
      storageClass: s3.storageClass.optional(),
      tags: s3.tags.optional(),
      acl: s3.acl.optional(),
    })
      // Checked even when other keys are wrong, so --check-config lists every problem at once.
      .superRefine(checkS3Encryption, { when: () => true }),
    z.strictObject({
      driver: z.literal('gcs'),
      bucket: gcs.bucket,
      /** Object-name prefix acting as the user's home; default: the bucket root. */
      prefix: keyPrefix.default(''),
      projectId: gcs.projectId.optional(),
      apiEndpoint: gcs.apiEndpoint.optional(),
      keyFilename: gcs.keyFilename.optional(),
      requestTimeoutMs: gcs.requestTimeoutMs.optional(),
      directUploadMaxMiB: gcs.directUploadMaxMiB.optional(),
      resumableChunkMiB: gcs.resumableChunkMiB.optional(),
      kmsKeyName: gcs.kmsKeyName.optional(),
      storageClass: gcs.storageClass.optional(),
      tempPrefix: gcs.tempPrefix.optional(),
    }).superRefine(checkGcsTempPrefix),
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
