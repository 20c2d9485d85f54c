/** SHA-256 of the pattern bytes an upload sent (support/files.ts patternStream), computed as a stream. */
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { patternStream } from '../../support/files.js';

export async function patternSha256(size: number, seed: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(patternStream(size, seed), hash);
  return hash.digest('hex');
}
