/**
 * Test data and its verification. Files are written chunk by chunk; a copy is checked against its
 * original by size and by comparing byte ranges: all of it up to FULL_CHECK_LIMIT, beyond that
 * SAMPLE_WINDOWS windows spread over the file (always including the first and the last bytes).
 */
import { randomFill } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { MiB } from './sizes.js';

const fillRandom = promisify(randomFill);
const WRITE_CHUNK = 8 * MiB;
export const FULL_CHECK_LIMIT = 64 * MiB;
const SAMPLE_WINDOWS = 16;
const SAMPLE_BYTES = MiB;
const FULL_WINDOW = 8 * MiB;

/** Writes `size` random bytes to `path`. */
export async function writeRandomFile(path: string, size: number): Promise<void> {
  const out = createWriteStream(path);
  try {
    for (let written = 0; written < size; written += WRITE_CHUNK) {
      const chunk = await fillRandom(Buffer.allocUnsafe(Math.min(WRITE_CHUNK, size - written)));
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

/** Random access to a copy, wherever it lives (a local file, an object). */
export interface RangeSource {
  size(): Promise<number>;
  /** Exactly `length` bytes from `offset`. */
  read(offset: number, length: number): Promise<Buffer>;
}

export function fileSource(path: string): RangeSource {
  return {
    size: async () => (await stat(path)).size,
    read: async (offset, length) => {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return buffer.subarray(0, done);
      } finally {
        await handle.close();
      }
    },
  };
}

/** The byte ranges compared for a file of `size` bytes. */
export function checkWindows(size: number): { offset: number; length: number }[] {
  const windows: { offset: number; length: number }[] = [];
  if (size <= FULL_CHECK_LIMIT) {
    for (let offset = 0; offset < size; offset += FULL_WINDOW) windows.push({ offset, length: Math.min(FULL_WINDOW, size - offset) });
    return windows;
  }
  const last = size - SAMPLE_BYTES;
  for (let index = 0; index < SAMPLE_WINDOWS; index++) {
    // Evenly spread, then nudged off round numbers so windows straddle part and chunk boundaries.
    const offset = index === SAMPLE_WINDOWS - 1 ? last : Math.min(last, Math.floor((last * index) / (SAMPLE_WINDOWS - 1)) + index * 4099);
    windows.push({ offset, length: SAMPLE_BYTES });
  }
  return windows;
}

/**
 * Throws unless `copy` has the size of `originalPath` and the same bytes in every checked window;
 * returns how many bytes were compared.
 */
export async function verifyCopy(originalPath: string, copy: RangeSource, label: string): Promise<number> {
  const original = fileSource(originalPath);
  const [expectedSize, actualSize] = await Promise.all([original.size(), copy.size()]);
  if (actualSize !== expectedSize) throw new Error(`${label}: ${actualSize} bytes, expected ${expectedSize}`);
  let compared = 0;
  for (const { offset, length } of checkWindows(expectedSize)) {
    const [expected, actual] = await Promise.all([original.read(offset, length), copy.read(offset, length)]);
    if (!expected.equals(actual)) throw new Error(`${label}: bytes differ in [${offset}, ${offset + length})`);
    compared += length;
  }
  return compared;
}
