/**
 * Checksums S3 already keeps for an object, so HASH need not stream the file
 * (draft-bryan-ftpext-hash §3). From HeadObject with ChecksumMode ENABLED:
 * - SHA-256 / SHA-1 / CRC32: the stored full-object checksum (base64 → lowercase hex). A multipart
 *   object's COMPOSITE checksum is a checksum of the parts' checksums (its value ends in `-N`):
 *   not the file's, so none.
 * - MD5: the ETag of a single-part object without SSE-KMS / SSE-C (only then is it the MD5).
 */
import type { HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import type { HashAlgorithm } from '@bucketftp/storage';

type ChecksumFields = Pick<
  HeadObjectCommandOutput,
  'ChecksumSHA256' | 'ChecksumSHA1' | 'ChecksumCRC32' | 'ChecksumType' | 'ETag' | 'ServerSideEncryption' | 'SSECustomerAlgorithm'
>;

const DIGEST_BYTES = { 'SHA-256': 32, 'SHA-1': 20, CRC32: 4 } as const;

export function storedChecksum(head: ChecksumFields, algorithm: HashAlgorithm): string | undefined {
  switch (algorithm) {
    case 'SHA-256':
      return fullObjectChecksum(head, head.ChecksumSHA256, DIGEST_BYTES[algorithm]);
    case 'SHA-1':
      return fullObjectChecksum(head, head.ChecksumSHA1, DIGEST_BYTES[algorithm]);
    case 'CRC32':
      return fullObjectChecksum(head, head.ChecksumCRC32, DIGEST_BYTES[algorithm]);
    case 'MD5':
      return md5FromETag(head);
  }
}

function fullObjectChecksum(head: ChecksumFields, base64: string | undefined, digestBytes: number): string | undefined {
  if (base64 === undefined || base64.includes('-') || head.ChecksumType === 'COMPOSITE') return undefined;
  const digest = Buffer.from(base64, 'base64');
  return digest.byteLength === digestBytes ? digest.toString('hex') : undefined;
}

function md5FromETag(head: ChecksumFields): string | undefined {
  if (head.SSECustomerAlgorithm !== undefined) return undefined;
  if (head.ServerSideEncryption !== undefined && head.ServerSideEncryption.startsWith('aws:kms')) return undefined;
  const etag = head.ETag?.replace(/^"|"$/g, '');
  return etag !== undefined && /^[0-9a-f]{32}$/i.test(etag) ? etag.toLowerCase() : undefined;
}
