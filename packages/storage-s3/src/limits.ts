/** Amazon S3 limits the driver plans around (S3 User Guide, "Amazon S3 multipart upload limits"). */

export const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;
export const TIB = 1024 * GIB;

export const S3_LIMITS = {
  /** Every part but the last must be at least this big (EntityTooSmall otherwise). */
  minPartBytes: 5 * MIB,
  /** Largest part, uploaded or copied (UploadPart / UploadPartCopy). */
  maxPartBytes: 5 * GIB,
  /** Part numbers run from 1 to 10,000. */
  maxParts: 10_000,
  /** Largest object. */
  maxObjectBytes: 5 * TIB,
  /** Largest object a single PutObject or CopyObject can write. */
  maxSingleRequestBytes: 5 * GIB,
  /** Most keys one ListObjectsV2 page or one DeleteObjects request carries. */
  maxKeysPerRequest: 1000,
} as const;
