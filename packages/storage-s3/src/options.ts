/** Driver configuration: what can be set, the defaults, and the checks made at construction. */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { MIB, S3_LIMITS } from './limits.js';
import type { S3ObjectOptions } from './object-attributes.js';
import type { UploadStats } from './multipart-writer.js';
import { MAX_UPLOAD_PART_BYTES } from './part-sizing.js';
import { nativeChecksums } from './crc32.js';
import { signUploadsByChecksum } from './unsigned-payload.js';

export interface S3DriverOptions {
  readonly bucket: string;
  /** Key prefix acting as the user's home: '/a' is stored as `<prefix>/a`. Default '' (the bucket root). */
  readonly prefix?: string;
  /** A ready client; otherwise one is built from the settings below (and destroyed by close()). */
  readonly client?: S3Client;
  readonly region?: string;
  /** An S3-compatible endpoint, e.g. `http://127.0.0.1:9000`. */
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
  /** Default: the SDK's standard chain (environment, shared profile, web identity / IRSA, instance role). */
  readonly credentials?: S3ClientConfig['credentials'];
  /** Size of the first parts of a multipart upload; later parts grow (see part-sizing.ts). Default 8 MiB. */
  readonly partSizeBytes?: number;
  /** Parts of one upload sent at once. Default 4. */
  readonly maxPartsInFlight?: number;
  /** Uploads shorter than this are one PutObject. Default (and minimum effect): partSizeBytes. */
  readonly multipartThreshold?: number;
  /** Bytes one upload may hold in part buffers (exceeded only by a single part larger than it). Default 64 MiB. */
  readonly uploadBufferBytes?: number;
  /** Keys per ListObjectsV2 page, 1 … 1000. Default 1000. */
  readonly listPageSize?: number;
  /**
   * Modification times set by clients (MFMT) are kept in each object's metadata, which listings do
   * not return: a directory listing that fits one page and holds at most this many files reads each
   * file's metadata (HeadObject, 8 at a time) to report them. Larger directories, NLST and 0 report
   * when each object was written. Default 1000.
   */
  readonly mtimeLookups?: number;
  /** Objects copied at once by a directory rename. Default 8. */
  readonly copyConcurrency?: number;
  /**
   * How long one listing of a folder answers the checks of uploads into it (its parent exists, the
   * name is no directory) before it is listed again; 0 probes for every upload (folder-cache.ts).
   * Changes this driver makes drop it at once. Default 5000 ms.
   */
  readonly folderCacheMs?: number;
  /**
   * A request that makes no progress (no byte sent or received) for this long fails with
   * `unavailable`; a connection not established within min(this, 10 s) too. Each attempt of the
   * SDK's retries is bounded on its own. Ignored when `client` is given. Default 30 s.
   */
  readonly requestTimeoutMs?: number;
  /**
   * Encryption, storage class, tags and canned ACL of every object the driver writes: uploads
   * (single and multipart, resumed and appended), rename copies and directory markers. Checked at
   * construction (`invalid-argument`). Default: none sent, so the bucket's defaults apply.
   */
  readonly objectOptions?: S3ObjectOptions;
  /** Called after every upload, committed or not (for metrics). */
  readonly onUploadFinished?: (path: string, stats: UploadStats) => void;
}

export interface DriverSettings {
  readonly partSizeBytes: number;
  readonly maxPartsInFlight: number;
  readonly multipartThresholdBytes: number;
  readonly uploadBufferBytes: number;
  readonly listPageSize: number;
  readonly mtimeLookups: number;
  readonly copyConcurrency: number;
  readonly folderCacheMs: number;
}

export const DEFAULTS = {
  partSizeBytes: 8 * MIB,
  maxPartsInFlight: 4,
  uploadBufferBytes: 64 * MIB,
  listPageSize: S3_LIMITS.maxKeysPerRequest,
  mtimeLookups: 1000,
  copyConcurrency: 8,
  folderCacheMs: 5000,
  requestTimeoutMs: 30_000,
} as const;

/** The longest wait for a TCP (and TLS) connection, whatever the request timeout. */
const MAX_CONNECT_TIMEOUT_MS = 10_000;

export function resolveSettings(options: S3DriverOptions): DriverSettings {
  if (typeof options.bucket !== 'string' || options.bucket === '') throw new RangeError('S3 bucket name is required');
  const partSizeBytes = options.partSizeBytes ?? DEFAULTS.partSizeBytes;
  const uploadBufferBytes = options.uploadBufferBytes ?? Math.max(DEFAULTS.uploadBufferBytes, partSizeBytes);
  const settings: DriverSettings = {
    partSizeBytes,
    maxPartsInFlight: options.maxPartsInFlight ?? DEFAULTS.maxPartsInFlight,
    multipartThresholdBytes: options.multipartThreshold ?? partSizeBytes,
    uploadBufferBytes,
    listPageSize: options.listPageSize ?? DEFAULTS.listPageSize,
    mtimeLookups: options.mtimeLookups ?? DEFAULTS.mtimeLookups,
    copyConcurrency: options.copyConcurrency ?? DEFAULTS.copyConcurrency,
    folderCacheMs: options.folderCacheMs ?? DEFAULTS.folderCacheMs,
  };
  requireInteger('partSizeBytes', settings.partSizeBytes, S3_LIMITS.minPartBytes, MAX_UPLOAD_PART_BYTES);
  requireInteger('uploadBufferBytes', settings.uploadBufferBytes, settings.partSizeBytes, Number.MAX_SAFE_INTEGER);
  requireInteger('multipartThreshold', settings.multipartThresholdBytes, 0, settings.uploadBufferBytes);
  requireInteger('maxPartsInFlight', settings.maxPartsInFlight, 1, 64);
  requireInteger('listPageSize', settings.listPageSize, 1, S3_LIMITS.maxKeysPerRequest);
  requireInteger('mtimeLookups', settings.mtimeLookups, 0, 100_000);
  requireInteger('copyConcurrency', settings.copyConcurrency, 1, 256);
  requireInteger('folderCacheMs', settings.folderCacheMs, 0, 3_600_000);
  return settings;
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`S3 driver option ${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** A client from the connection settings; credentials fall back to the SDK's default chain. */
export function createClient(options: S3DriverOptions): S3Client {
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  requireInteger('requestTimeoutMs', requestTimeoutMs, 1, 3_600_000);
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    checksumAlgorithms: nativeChecksums(),
    // An idle-socket timeout, not a wall-clock one: a large part on a slow link may take minutes,
    // but a backend that stops answering (or accepting bytes) is given up after requestTimeoutMs.
    requestHandler: {
      connectionTimeout: Math.min(requestTimeoutMs, MAX_CONNECT_TIMEOUT_MS),
      socketTimeout: requestTimeoutMs,
    },
  });
  signUploadsByChecksum(client);
  return client;
}
