import { describe, expect, it } from 'vitest';
import { PassiveLayout } from './passive-layout.js';

describe('PassiveLayout', () => {
  it('cuts the range into equal contiguous slices, one per replica', () => {
    const layout = new PassiveLayout({ min: 30_000, max: 30_011 }, 3);
    expect(layout.slices).toEqual([
      { replica: 0, min: 30_000, max: 30_003 },
      { replica: 1, min: 30_004, max: 30_007 },
      { replica: 2, min: 30_008, max: 30_011 },
    ]);
    expect(layout.ports()).toHaveLength(12);
  });

  it('names the owner of every port of the range, and none outside it', () => {
    const layout = new PassiveLayout({ min: 30_000, max: 30_011 }, 3);
    expect([29_999, 30_000, 30_003, 30_004, 30_011, 30_012].map((port) => layout.ownerOf(port))).toEqual([undefined, 0, 0, 1, 2, undefined]);
    expect(layout.sliceOf(2)).toEqual({ replica: 2, min: 30_008, max: 30_011 });
    expect(() => layout.sliceOf(3)).toThrow(/replica 3 has no slice/);
  });

  it('refuses a range that cannot be cut into equal slices, and nonsense slice counts', () => {
    expect(() => new PassiveLayout({ min: 30_000, max: 30_009 }, 3)).toThrow(/10 ports, which cannot be cut into 3 equal slices/);
    expect(() => new PassiveLayout({ min: 30_000, max: 30_001 }, 0)).toThrow(/slices must be a whole number/);
    expect(() => new PassiveLayout({ min: 30_001, max: 30_000 }, 1)).toThrow(/not a range/);
  });
});
