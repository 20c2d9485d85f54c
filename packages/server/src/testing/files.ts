/** Small storage helpers for tests: seed files and read them back whole (test data is small). */
import { Readable } from 'node:stream';
import type { StorageDriver } from '@bucketftp/storage';

export async function putFile(storage: StorageDriver, path: string, content: string | Uint8Array): Promise<void> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  await storage.write(path, Readable.from([bytes], { objectMode: false }));
}

export async function readFile(storage: StorageDriver, path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.read(path)) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Deterministic pseudo-random bytes, different for every seed. */
export function patternBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let state = (seed * 2_654_435_761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** Writes `size` bytes in 64 KiB chunks (a large file without one large buffer in the test). */
export async function putLargeFile(storage: StorageDriver, path: string, size: number): Promise<void> {
  const chunk = patternBytes(64 * 1024, 7);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let left = size; left > 0; left -= chunk.length) yield chunk.subarray(0, Math.min(left, chunk.length));
  }
  await storage.write(path, chunks());
}
