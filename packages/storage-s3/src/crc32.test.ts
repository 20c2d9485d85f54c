import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { nativeChecksums } from './crc32.js';

async function digestOf(chunks: readonly Uint8Array[]): Promise<string> {
  const checksums = nativeChecksums();
  if (!checksums) throw new Error('@node-rs/crc32 did not load on this platform');
  const checksum = new checksums.CRC32();
  for (const chunk of chunks) checksum.update(chunk);
  return Buffer.from(await checksum.digest()).toString('hex');
}

describe('the native CRC32 handed to the SDK', () => {
  it('gives the check value of the standard test vector, big-endian', async () => {
    expect(await digestOf([Buffer.from('123456789')])).toBe('cbf43926');
  });

  it('matches zlib over a body fed in uneven chunks, and starts over after reset', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    const chunks = [body.subarray(0, 1), body.subarray(1, 65_537), body.subarray(65_537)];
    expect(await digestOf(chunks)).toBe(crc32(body).toString(16).padStart(8, '0'));
    const checksums = nativeChecksums();
    const checksum = new checksums!.CRC32();
    checksum.update(Buffer.from('something else'));
    checksum.reset();
    checksum.update(body);
    expect(Buffer.from(await checksum.digest()).toString('hex')).toBe(crc32(body).toString(16).padStart(8, '0'));
  });
});
