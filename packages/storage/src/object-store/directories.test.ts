import { describe, expect, it } from 'vitest';
import { directoryState, markerTime } from './directories.js';

describe('directory rules', () => {
  it('tells missing, empty (only the marker) and in use from the first two keys', () => {
    expect(directoryState('d/', [])).toBe('missing');
    expect(directoryState('d/', ['d/'])).toBe('empty');
    expect(directoryState('d/', ['d/', 'd/x'])).toBe('in-use');
    expect(directoryState('d/', ['d/x'])).toBe('in-use');
  });

  it('dates a directory by its marker only', () => {
    const mtime = new Date(0);
    expect(markerTime('d/', { key: 'd/', mtime })).toBe(mtime);
    expect(markerTime('d/', { key: 'd/x', mtime })).toBeUndefined();
    expect(markerTime('d/', undefined)).toBeUndefined();
  });
});
