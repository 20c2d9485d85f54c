/** Streaming hashes for HASH (draft-bryan-ftpext-hash §3) and for drivers without stored checksums. */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { HashAlgorithm } from './types.js';

export interface IncrementalHash {
  update(chunk: Uint8Array): void;
  /** Lowercase hex. */
  digest(): string;
}

const NODE_NAMES: Record<Exclude<HashAlgorithm, 'CRC32'>, string> = {
  'SHA-256': 'sha256',
  'SHA-1': 'sha1',
  MD5: 'md5',
};

export function createIncrementalHash(algorithm: HashAlgorithm): IncrementalHash {
  if (algorithm === 'CRC32') {
    let value = 0;
    return {
      update: (chunk) => {
        value = crc32(chunk, value);
      },
      digest: () => value.toString(16).padStart(8, '0'),
    };
  }
  const hash = createHash(NODE_NAMES[algorithm]);
  return {
    update: (chunk) => hash.update(chunk),
    digest: () => hash.digest('hex'),
  };
}

/** Hashes a stream without holding more than one chunk at a time. */
export async function hashStream(source: AsyncIterable<Uint8Array>, algorithm: HashAlgorithm): Promise<string> {
  const hash = createIncrementalHash(algorithm);
  for await (const chunk of source) hash.update(chunk);
  return hash.digest();
}
