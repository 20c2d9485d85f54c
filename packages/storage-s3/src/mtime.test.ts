import { describe, expect, it } from 'vitest';
import { formatMtimeMetadata, objectMtime, parseMtimeMetadata } from './mtime.js';

describe('the mtime user metadata (rclone format)', () => {
  it('writes decimal seconds since the epoch with trailing zeros dropped', () => {
    expect(formatMtimeMetadata(new Date('2001-02-03T04:05:06Z'))).toBe('981173106');
    expect(formatMtimeMetadata(new Date('2001-02-03T04:05:06.5Z'))).toBe('981173106.5');
    expect(formatMtimeMetadata(new Date('2001-02-03T04:05:06.012Z'))).toBe('981173106.012');
    expect(formatMtimeMetadata(new Date(0))).toBe('0');
    expect(formatMtimeMetadata(new Date(-1500))).toBe('-1.5');
  });

  it("reads rclone's values, nanoseconds cut to milliseconds", () => {
    expect(parseMtimeMetadata('1354040105.123456789')).toEqual(new Date('2012-11-27T18:15:05.123Z'));
    expect(parseMtimeMetadata('1354040105')).toEqual(new Date('2012-11-27T18:15:05Z'));
    expect(parseMtimeMetadata('1354040105.5')).toEqual(new Date('2012-11-27T18:15:05.5Z'));
    expect(parseMtimeMetadata('-1.5')).toEqual(new Date(-1500));
  });

  it('round-trips what it writes', () => {
    for (const ms of [0, 1, 999, 981_173_106_789, -86_400_001]) {
      expect(parseMtimeMetadata(formatMtimeMetadata(new Date(ms)))?.getTime()).toBe(ms);
    }
  });

  it('ignores a value that is no such number, falling back to LastModified', () => {
    const written = new Date('2025-01-01T00:00:00Z');
    for (const bad of ['', 'yesterday', '1e9', '12.', '.5', '0x10', '2012-11-27T18:15:05Z', '99999999999999999999']) {
      expect(parseMtimeMetadata(bad), bad).toBeUndefined();
      expect(objectMtime({ mtime: bad }, written)).toBe(written);
    }
    expect(objectMtime(undefined, written)).toBe(written);
    expect(objectMtime({ mtime: '0' }, written)).toEqual(new Date(0));
  });
});
