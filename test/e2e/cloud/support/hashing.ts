/**
 * Big deterministic files written and hashed in one pass, and SHA-256 of byte streams (a download
 * on a pipe, an object body): nothing is ever held whole in memory.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { patternStream } from '../../support/files.js';

export interface StreamDigest {
  readonly sha256: string;
  readonly bytes: number;
}

/** Writes `size` bytes of the seeded pattern to `path`, hashing them on the way. */
export async function writeHashedPatternFile(path: string, size: number, seed: string): Promise<StreamDigest> {
  await mkdir(dirname(path), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      callback(null, chunk);
    },
  });
  await pipeline(patternStream(size, seed), tap, createWriteStream(path));
  return { sha256: hash.digest('hex'), bytes };
}

/** SHA-256 and length of everything `source` yields. */
export async function digestStream(source: AsyncIterable<Uint8Array>): Promise<StreamDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of source) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}
