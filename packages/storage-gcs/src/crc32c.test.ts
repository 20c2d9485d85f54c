import { randomBytes } from 'node:crypto';
import { CRC32C } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { crc32c, crc32cBase64, crc32cPortable, fastCrc32cGenerator, nativeCrc32c } from './crc32c.js';

describe.each([
  { implementation: 'in use', checksum: crc32c },
  { implementation: 'portable', checksum: crc32cPortable },
])('crc32c ($implementation)', ({ checksum }) => {
  it('matches the published check values', () => {
    // RFC 3720 §B.4: 32 bytes of zeros, then of 0xff.
    expect(checksum(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(checksum(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(checksum(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(checksum(new Uint8Array(0))).toBe(0);
  });

  it('extends a checksum over the next bytes as if they had come at once', () => {
    const data = randomBytes(70_001);
    for (const cut of [0, 1, 15, 16, 17, 65_536, data.length]) {
      expect(checksum(data.subarray(cut), checksum(data.subarray(0, cut)))).toBe(crc32cPortable(data));
    }
  });
});

describe('crc32c', () => {
  it('uses the CPU instruction on the platforms the native module is built for', () => {
    if (process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64')) expect(nativeCrc32c).toBe(true);
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
    expect(crc32cBase64(Buffer.from('data'))).toBe('rth90Q==');
    expect(validator.validate('AAAAAA==')).toBe(false);
  });
});
