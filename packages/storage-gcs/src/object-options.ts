/**
 * What every object the driver writes carries: a Cloud KMS key (CMEK) and a storage class. They
 * are set on each request that creates an object — the temporary uploads, the copy (rewrite) that
 * commits a new file, the compose that commits a resume or an append, the copies of a rename and
 * directory placeholders — and not sent at all unless configured, so the bucket's defaults apply.
 *
 * Temporaries and storage classes: compose wants its sources in one storage class, so the
 * temporaries of a resume or append are written in the configured class. The temporary of a new
 * file is written as STANDARD and rewritten into the configured class by its commit copy: Nearline,
 * Coldline and Archive bill a minimum storage duration (30, 90, 365 days) for objects deleted
 * earlier, and every temporary is deleted seconds after it was written. Temporaries always carry
 * the KMS key, so no byte of an upload is at rest under another key.
 */
import { invalidArgument } from '@bucketftp/storage';

/** https://cloud.google.com/storage/docs/storage-classes — every class is readable at once. */
export const GCS_STORAGE_CLASSES = ['STANDARD', 'NEARLINE', 'COLDLINE', 'ARCHIVE'] as const;
export type GcsStorageClass = (typeof GCS_STORAGE_CLASSES)[number];

/** `projects/P/locations/L/keyRings/R/cryptoKeys/K`, the resource name GCS expects. */
export const KMS_KEY_NAME = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

export interface GcsObjectOptions {
  /** Cloud KMS key encrypting every object written (CMEK); default: the bucket's default key, else Google-managed. */
  readonly kmsKeyName?: string;
  /** Storage class of every file written; default: the bucket's default class. */
  readonly storageClass?: GcsStorageClass;
}

export function checkedObjectOptions(options: GcsObjectOptions = {}): GcsObjectOptions {
  const { kmsKeyName, storageClass } = options;
  if (kmsKeyName !== undefined && !KMS_KEY_NAME.test(kmsKeyName)) {
    throw invalidArgument(`kmsKeyName must look like projects/P/locations/L/keyRings/R/cryptoKeys/K, not ${kmsKeyName}`);
  }
  if (storageClass !== undefined && !(GCS_STORAGE_CLASSES as readonly string[]).includes(storageClass)) {
    throw invalidArgument(`storageClass must be one of ${GCS_STORAGE_CLASSES.join(', ')}, not ${String(storageClass)}`);
  }
  return { ...(kmsKeyName !== undefined && { kmsKeyName }), ...(storageClass !== undefined && { storageClass }) };
}

/** The `bucket.file(name, …)` options of an object about to be written (the KMS key of its upload). */
export function writeFileOptions(options: GcsObjectOptions): { kmsKeyName?: string } {
  return options.kmsKeyName === undefined ? {} : { kmsKeyName: options.kmsKeyName };
}

/** The options of `file.copy()` (a rewrite): `destinationKmsKeyName` in the query, `storageClass` in the body. */
export function copyAttributes(options: GcsObjectOptions): { destinationKmsKeyName?: string; storageClass?: GcsStorageClass } {
  return {
    ...(options.kmsKeyName !== undefined && { destinationKmsKeyName: options.kmsKeyName }),
    ...(options.storageClass !== undefined && { storageClass: options.storageClass }),
  };
}

/** Storage class of the temporary holding an upload: see the module comment. */
export function temporaryStorageClass(options: GcsObjectOptions, committedBy: 'copy' | 'compose'): GcsStorageClass | undefined {
  if (options.storageClass === undefined) return undefined;
  return committedBy === 'copy' ? 'STANDARD' : options.storageClass;
}
