/**
 * What every object the driver writes carries: server-side encryption, storage class, tags and a
 * canned ACL. They are set on each request that creates an object — PutObject (small files and
 * directory markers), CreateMultipartUpload (large files, resume and append, whose copied head is
 * an UploadPartCopy into that upload) and CopyObject (renames) — and are not sent at all unless
 * configured, so a bucket's defaults (default encryption, Object Ownership that refuses ACLs) apply.
 */
import { invalidArgument } from '@bucketftp/storage';

export type ServerSideEncryption = 'AES256' | 'aws:kms';

/** Storage classes an object can be read from at once (GetObject needs no restore first). */
export const READABLE_STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
] as const;
export type S3StorageClass = (typeof READABLE_STORAGE_CLASSES)[number];

/** Classes whose objects must be restored before GetObject works: RETR would fail on every file written. */
export const ARCHIVE_STORAGE_CLASSES = ['GLACIER', 'DEEP_ARCHIVE'] as const;

/** S3 canned ACLs (S3 User Guide, "Canned ACL"). */
export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];

/** S3 User Guide, "Categorizing your storage using tags": limits of an object's tag set. */
export const TAG_LIMITS = { maxTags: 10, maxKeyLength: 128, maxValueLength: 256 } as const;
/** Letters, digits, white space and + - = . _ : / @ (the characters every AWS service accepts in tags). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export interface S3ObjectOptions {
  /** `AES256` (SSE-S3) or `aws:kms` (SSE-KMS, then `kmsKeyId` is required). Default: the bucket's default encryption. */
  readonly serverSideEncryption?: ServerSideEncryption;
  /** The KMS key (id, ARN or alias ARN) of `aws:kms`. */
  readonly kmsKeyId?: string;
  /** Default: STANDARD (S3's own default). GLACIER and DEEP_ARCHIVE are refused: RETR could not read the files. */
  readonly storageClass?: S3StorageClass;
  /** Tags of every object written, at most 10. */
  readonly tags?: Readonly<Record<string, string>>;
  /** A canned ACL; default: none sent (buckets with ACLs disabled refuse any but `bucket-owner-full-control`). */
  readonly acl?: CannedAcl;
}

/** The request fields that carry the options, shared by PutObject, CreateMultipartUpload and CopyObject. */
export interface ObjectAttributes {
  readonly ServerSideEncryption?: ServerSideEncryption;
  readonly SSEKMSKeyId?: string;
  readonly StorageClass?: S3StorageClass;
  /** URL query encoding of the tag set (`x-amz-tagging`). */
  readonly Tagging?: string;
  readonly ACL?: CannedAcl;
}

/** Checks `options` (throws `invalid-argument`) and turns them into request fields. */
export function objectAttributes(options: S3ObjectOptions = {}): ObjectAttributes {
  const { serverSideEncryption, kmsKeyId, storageClass, tags, acl } = options;
  if (serverSideEncryption !== undefined && serverSideEncryption !== 'AES256' && serverSideEncryption !== 'aws:kms') {
    throw invalidArgument(`serverSideEncryption must be AES256 or aws:kms, not ${String(serverSideEncryption)}`);
  }
  if (serverSideEncryption === 'aws:kms' && !kmsKeyId) throw invalidArgument('serverSideEncryption aws:kms needs kmsKeyId');
  if (kmsKeyId !== undefined && serverSideEncryption !== 'aws:kms') throw invalidArgument('kmsKeyId is only used with serverSideEncryption aws:kms');
  if (storageClass !== undefined) checkStorageClass(storageClass);
  if (acl !== undefined && !(CANNED_ACLS as readonly string[]).includes(acl)) throw invalidArgument(`acl must be one of ${CANNED_ACLS.join(', ')}, not ${acl}`);
  const tagging = tags === undefined ? undefined : encodeTags(tags);
  return {
    ...(serverSideEncryption !== undefined && { ServerSideEncryption: serverSideEncryption }),
    ...(kmsKeyId !== undefined && { SSEKMSKeyId: kmsKeyId }),
    ...(storageClass !== undefined && { StorageClass: storageClass }),
    ...(tagging !== undefined && { Tagging: tagging }),
    ...(acl !== undefined && { ACL: acl }),
  };
}

/**
 * The fields of a CopyObject: the same, and with tags `TaggingDirective: REPLACE` (by default a
 * copy keeps the source's tags and ignores the Tagging given).
 */
export function copyAttributes(attributes: ObjectAttributes): ObjectAttributes & { readonly TaggingDirective?: 'REPLACE' } {
  return attributes.Tagging === undefined ? attributes : { ...attributes, TaggingDirective: 'REPLACE' };
}

function checkStorageClass(storageClass: string): void {
  if ((ARCHIVE_STORAGE_CLASSES as readonly string[]).includes(storageClass)) {
    throw invalidArgument(`storageClass ${storageClass} is refused: its objects must be restored before they can be read, so downloads would fail`);
  }
  if (!(READABLE_STORAGE_CLASSES as readonly string[]).includes(storageClass)) {
    throw invalidArgument(`storageClass must be one of ${READABLE_STORAGE_CLASSES.join(', ')}, not ${storageClass}`);
  }
}

/** Validates a tag set against S3's limits and encodes it as URL query parameters. */
export function encodeTags(tags: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(tags);
  if (entries.length > TAG_LIMITS.maxTags) throw invalidArgument(`at most ${TAG_LIMITS.maxTags} tags per object, not ${entries.length}`);
  for (const [key, value] of entries) {
    const problem = tagProblem(key, value);
    if (problem !== undefined) throw invalidArgument(`tag ${JSON.stringify(key)}: ${problem}`);
  }
  if (entries.length === 0) return undefined;
  return entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

/** Why S3 would refuse the tag, or undefined. Lengths count Unicode characters. */
export function tagProblem(key: string, value: string): string | undefined {
  const keyLength = [...key].length;
  if (keyLength < 1 || keyLength > TAG_LIMITS.maxKeyLength) return `the key must be 1 to ${TAG_LIMITS.maxKeyLength} characters`;
  if (key.toLowerCase().startsWith('aws:')) return 'keys starting with aws: are reserved';
  if (typeof value !== 'string' || [...value].length > TAG_LIMITS.maxValueLength) return `the value must be a string of at most ${TAG_LIMITS.maxValueLength} characters`;
  if (!TAG_CHARACTERS.test(key) || !TAG_CHARACTERS.test(value)) return 'only letters, digits, spaces and + - = . _ : / @ are allowed';
  return undefined;
}
