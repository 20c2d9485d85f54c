import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWindows, FULL_CHECK_LIMIT, verifyCopy, type RangeSource } from './data.js';
import { MiB } from './sizes.js';

/** A copy that reads from `bytes(offset, length)` and claims `size` bytes. */
function copyOf(size: number, bytes: (offset: number, length: number) => Buffer): RangeSource {
  return { size: async () => size, read: async (offset, length) => bytes(offset, length) };
}

describe('checkWindows', () => {
  it('covers every byte of a file up to the full-check limit', () => {
    const size = 20 * MiB + 3;
    const windows = checkWindows(size);
    expect(windows[0]?.offset).toBe(0);
    expect(windows.reduce((sum, window) => sum + window.length, 0)).toBe(size);
  });

  it('samples a bigger file, first and last bytes included', () => {
    const size = 3 * FULL_CHECK_LIMIT + 7;
    const windows = checkWindows(size);
    expect(windows[0]?.offset).toBe(0);
    const last = windows[windows.length - 1];
    expect((last?.offset ?? 0) + (last?.length ?? 0)).toBe(size);
    for (const window of windows) expect(window.offset + window.length).toBeLessThanOrEqual(size);
  });
});

describe('verifyCopy', () => {
  let dir: string;
  let small: string;
  let big: string;
  const smallBytes = Buffer.from(Array.from({ length: 5000 }, (_, index) => index % 251));
  const bigSize = FULL_CHECK_LIMIT + MiB;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-data-'));
    small = join(dir, 'small.bin');
    big = join(dir, 'big.bin');
    await writeFile(small, smallBytes);
    await writeFile(big, '');
    await truncate(big, bigSize); // sparse: all zeros
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts an exact copy and reports every byte compared', async () => {
    const copy = copyOf(smallBytes.length, (offset, length) => smallBytes.subarray(offset, offset + length));
    await expect(verifyCopy(small, copy, 'small')).resolves.toBe(smallBytes.length);
  });

  it('rejects a copy with one byte changed', async () => {
    const changed = Buffer.from(smallBytes);
    changed[4321] = (changed[4321] ?? 0) ^ 0xff;
    const copy = copyOf(changed.length, (offset, length) => changed.subarray(offset, offset + length));
    await expect(verifyCopy(small, copy, 'small')).rejects.toThrow(/small: bytes differ/);
  });

  it('rejects a copy of another size', async () => {
    const copy = copyOf(smallBytes.length - 1, (offset, length) => smallBytes.subarray(offset, offset + length));
    await expect(verifyCopy(small, copy, 'short')).rejects.toThrow(/short: 4999 bytes, expected 5000/);
  });

  it('catches a difference in the last byte of a sampled file', async () => {
    const copy = copyOf(bigSize, (offset, length) => {
      const bytes = Buffer.alloc(length);
      if (offset + length === bigSize) bytes[length - 1] = 1;
      return bytes;
    });
    await expect(verifyCopy(big, copy, 'big')).rejects.toThrow(/big: bytes differ/);
  });
});
