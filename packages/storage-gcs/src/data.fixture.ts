/** Deterministic test data generated chunk by chunk, and digests of streams. */
import { createHash } from 'node:crypto';

/** Byte `i` of an endless pattern with no short period. */
const patternByte = (i: number): number => (i * 31 + Math.floor(i / 253) + Math.floor(i / 65_521)) & 0xff;

/** Pattern bytes [start, end) in fresh chunks of an odd size. */
export async function* patternChunks(start: number, end: number, chunkBytes = 64_997): AsyncGenerator<Uint8Array, void, undefined> {
  for (let from = start; from < end; from += chunkBytes) {
    const chunk = new Uint8Array(Math.min(chunkBytes, end - from));
    for (let k = 0; k < chunk.length; k++) chunk[k] = patternByte(from + k);
    yield chunk;
  }
}

export interface Digest {
  readonly size: number;
  readonly sha256: string;
}

export async function digestOf(chunks: AsyncIterable<unknown>, algorithm = 'sha256'): Promise<Digest> {
  const hash = createHash(algorithm);
  let size = 0;
  for await (const chunk of chunks) {
    hash.update(chunk as Uint8Array);
    size += (chunk as Uint8Array).byteLength;
  }
  return { size, sha256: hash.digest('hex') };
}

/** The digest of several pattern ranges one after the other. */
export async function patternDigest(...ranges: (readonly [number, number])[]): Promise<Digest> {
  async function* all(): AsyncGenerator<Uint8Array> {
    for (const [start, end] of ranges) yield* patternChunks(start, end);
  }
  return digestOf(all());
}

export async function* chunksOf(...parts: string[]): AsyncGenerator<Uint8Array, void, undefined> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

export async function* failingAfter(parts: string[], error: Error): AsyncGenerator<Uint8Array, void, undefined> {
  yield* chunksOf(...parts);
  throw error;
}

export async function textOf(stream: AsyncIterable<unknown>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) text += decoder.decode(chunk as Uint8Array, { stream: true });
  return text + decoder.decode();
}
