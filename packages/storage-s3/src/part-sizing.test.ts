import { describe, expect, it } from 'vitest';
import { planHead, splitIntoRanges } from './head-plan.js';
import { GIB, MIB, S3_LIMITS, TIB } from './limits.js';
import { floorFromSizeHint, PartSizing } from './part-sizing.js';

/** Sum of part sizes `from` … 10,000. */
function capacity(sizing: PartSizing, from = 1): number {
  let total = 0;
  for (let part = from; part <= S3_LIMITS.maxParts; part++) total += sizing.partBytes(part);
  return total;
}

const LADDERS = [
  { baseBytes: 5 * MIB, maxBytes: 5 * GIB },
  { baseBytes: 5 * MIB, maxBytes: 4 * GIB }, // Node 20's largest Buffer
  { baseBytes: 8 * MIB, maxBytes: 4 * GIB },
  { baseBytes: 64 * MIB, maxBytes: 5 * GIB },
  { baseBytes: 5 * GIB, maxBytes: 5 * GIB },
];

describe('part sizing', () => {
  it.each(LADDERS)('lets 10,000 parts reach 5 TiB (base $baseBytes, cap $maxBytes)', (ladder) => {
    expect(capacity(new PartSizing(ladder))).toBeGreaterThanOrEqual(5 * TIB);
  });

  it.each(LADDERS)('keeps every part within S3 limits and never shrinks (base $baseBytes, cap $maxBytes)', (ladder) => {
    const sizing = new PartSizing(ladder);
    const sizes = Array.from({ length: S3_LIMITS.maxParts }, (_, index) => sizing.partBytes(index + 1));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(S3_LIMITS.minPartBytes);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.min(S3_LIMITS.maxPartBytes, ladder.maxBytes));
    expect(sizes.every(Number.isSafeInteger)).toBe(true);
    expect(sizes.every((bytes, index) => index === 0 || bytes >= (sizes[index - 1] ?? 0))).toBe(true);
  });

  it('starts at the configured part size and doubles every 900 parts', () => {
    const sizing = new PartSizing({ baseBytes: 8 * MIB });
    expect(sizing.partBytes(1)).toBe(8 * MIB);
    expect(sizing.partBytes(900)).toBe(8 * MIB);
    expect(sizing.partBytes(901)).toBe(16 * MIB);
    expect(sizing.partBytes(2701)).toBe(64 * MIB);
  });

  it.each([5 * MIB, 5 * GIB + 1, 1 * TIB, 4 * TIB])(
    'still reaches 5 TiB when the first parts are a copied head of %d bytes',
    (headBytes) => {
      const headParts = splitIntoRanges(headBytes, S3_LIMITS.maxPartBytes).length;
      const sizing = new PartSizing({ baseBytes: 5 * MIB, maxBytes: 4 * GIB });
      expect(headBytes + capacity(sizing, headParts + 1)).toBeGreaterThanOrEqual(5 * TIB);
    },
  );

  it('raises parts to a size-hint floor, capped by the buffer budget, never below the ladder', () => {
    expect(floorFromSizeHint(undefined, 64 * MIB)).toBe(0);
    expect(floorFromSizeHint(100 * GIB, 64 * MIB)).toBe(11 * MIB); // 100 GiB / 10,000 = 10.24 MiB
    expect(floorFromSizeHint(5 * TIB, 64 * MIB)).toBe(64 * MIB);
    const hinted = new PartSizing({ baseBytes: 5 * MIB, floorBytes: 11 * MIB });
    expect(hinted.partBytes(1)).toBe(11 * MIB);
    expect(hinted.partBytes(2701)).toBe(40 * MIB);
  });

  it('rejects part sizes S3 would refuse', () => {
    expect(() => new PartSizing({ baseBytes: 5 * MIB - 1 })).toThrow(RangeError);
    expect(() => new PartSizing({ baseBytes: 6 * GIB, maxBytes: 6 * GIB })).toThrow(RangeError);
    expect(() => new PartSizing({ baseBytes: 5 * MIB }).partBytes(10_001)).toThrow(RangeError);
  });
});

describe('resume head plan', () => {
  const source = (size: number) => ({ key: 'k', size, etag: '"e"' });

  it('keeps nothing at offset 0, reads a head under 5 MiB, copies a larger one', () => {
    expect(planHead(source(10), 0)).toEqual({ kind: 'none' });
    expect(planHead(undefined, 0)).toEqual({ kind: 'none' });
    expect(planHead(source(10 * MIB), 5 * MIB - 1)).toMatchObject({ kind: 'inline', bytes: 5 * MIB - 1 });
    expect(planHead(source(10 * MIB), 5 * MIB)).toMatchObject({
      kind: 'copy',
      bytes: 5 * MIB,
      ranges: [{ first: 0, last: 5 * MIB - 1 }],
    });
  });

  it.each([5 * MIB, 5 * GIB, 5 * GIB + 1, 12 * GIB + 7, 5 * TIB])(
    'splits %d bytes into contiguous copy ranges of 5 MiB … 5 GiB (no 32-bit arithmetic)',
    (total) => {
      const ranges = splitIntoRanges(total, S3_LIMITS.maxPartBytes);
      expect(ranges[0]?.first).toBe(0);
      expect(ranges.at(-1)?.last).toBe(total - 1);
      expect(ranges.length).toBe(Math.ceil(total / S3_LIMITS.maxPartBytes));
      for (const [index, range] of ranges.entries()) {
        const length = range.last - range.first + 1;
        expect(length).toBeGreaterThanOrEqual(S3_LIMITS.minPartBytes);
        expect(length).toBeLessThanOrEqual(S3_LIMITS.maxPartBytes);
        if (index > 0) expect(range.first).toBe((ranges[index - 1]?.last ?? -2) + 1);
      }
    },
  );
});
