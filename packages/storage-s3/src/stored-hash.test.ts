import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { storedChecksum } from './stored-hash.js';

const content = Buffer.from('checksum me é 日本');
const hex = (algorithm: string) => createHash(algorithm).update(content).digest('hex');
const base64 = (algorithm: string) => createHash(algorithm).update(content).digest('base64');
const crcBytes = Buffer.alloc(4);
crcBytes.writeUInt32BE(crc32(content));

describe('stored checksums from HeadObject', () => {
  it('turns full-object checksums from base64 into lowercase hex', () => {
    const head = {
      ChecksumSHA256: base64('sha256'),
      ChecksumSHA1: base64('sha1'),
      ChecksumCRC32: crcBytes.toString('base64'),
      ChecksumType: 'FULL_OBJECT' as const,
    };
    expect(storedChecksum(head, 'SHA-256')).toBe(hex('sha256'));
    expect(storedChecksum(head, 'SHA-1')).toBe(hex('sha1'));
    expect(storedChecksum(head, 'CRC32')).toBe(crc32(content).toString(16).padStart(8, '0'));
  });

  it('gives none for a multipart checksum-of-checksums', () => {
    expect(storedChecksum({ ChecksumSHA256: `${base64('sha256')}-3` }, 'SHA-256')).toBeUndefined();
    expect(storedChecksum({ ChecksumSHA1: base64('sha1'), ChecksumType: 'COMPOSITE' }, 'SHA-1')).toBeUndefined();
  });

  it('gives none for an algorithm the object has no checksum for', () => {
    expect(storedChecksum({ ChecksumCRC32: crcBytes.toString('base64') }, 'SHA-256')).toBeUndefined();
    expect(storedChecksum({ ChecksumSHA256: 'bm90IGEgZGlnZXN0' }, 'SHA-256')).toBeUndefined();
  });

  it('takes MD5 from a single-part ETag only', () => {
    const etag = `"${hex('md5')}"`;
    expect(storedChecksum({ ETag: etag }, 'MD5')).toBe(hex('md5'));
    expect(storedChecksum({ ETag: etag.toUpperCase() }, 'MD5')).toBe(hex('md5'));
    expect(storedChecksum({ ETag: '"b9490a638152a70a80f8ec6afbc9813f-2"' }, 'MD5')).toBeUndefined();
    expect(storedChecksum({ ETag: etag, ServerSideEncryption: 'aws:kms' }, 'MD5')).toBeUndefined();
    expect(storedChecksum({ ETag: etag, SSECustomerAlgorithm: 'AES256' }, 'MD5')).toBeUndefined();
    expect(storedChecksum({ ETag: etag, ServerSideEncryption: 'AES256' }, 'MD5')).toBe(hex('md5'));
  });
});
