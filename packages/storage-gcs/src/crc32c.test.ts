import { randomBytes } from 'node:crypto';
import { CRC32C } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { crc32c, fastCrc32cGenerator } from './crc32c.js';

describe('crc32c', () => {
  it('matches the published check values', () => {
    // RFC 3720 §B.4: 32 bytes of zeros, then of 0xff.
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('gives the client library’s checksum for any split of the data', () => {
    const data = randomBytes(100_003);
    const reference = new CRC32C();
    reference.update(data);
    for (const cut of [0, 1, 7, 8, 9, 4096, 65_537, data.length]) {
      const validator = fastCrc32cGenerator();
      validator.update(data.subarray(0, cut));
      validator.update(data.subarray(cut));
      expect(validator.toString()).toBe(reference.toString());
      expect(validator.validate(reference.toString())).toBe(true);
    }
  });

  it('answers the base64 form GCS stores', () => {
    const validator = fastCrc32cGenerator();
    validator.update(Buffer.from('data'));
    expect(validator.toString()).toBe('rth90Q==');
    expect(validator.validate('AAAAAA==')).toBe(false);
  });
});
