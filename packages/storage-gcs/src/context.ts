/** What the driver's parts share: the bucket, the name mapping and the tuning knobs. */
import type { Bucket } from '@google-cloud/storage';
import type { ObjectKeys } from '@bucketftp/storage/object-store';
import type { GcsObjectOptions } from './object-options.js';

export interface GcsContext {
  readonly bucket: Bucket;
  readonly keys: ObjectKeys;
  /** maxResults of every listing request. */
  readonly listPageSize: number;
  /** Uploads up to this size are sent whole, straight onto the file (small-upload.ts). */
  readonly directUploadMaxBytes: number;
  /** Chunk size of resumable uploads; undefined streams each upload in one request. */
  readonly resumableChunkSize: number | undefined;
  /** How many copies or deletes a directory rename keeps in flight. */
  readonly renameConcurrency: number;
  /** How long an upload may wait for GCS to finalise it after its last byte. */
  readonly requestTimeoutMs: number;
  /** KMS key and storage class of every object written (object-options.ts). */
  readonly objectOptions: GcsObjectOptions;
}
