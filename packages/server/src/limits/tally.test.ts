import { describe, expect, it } from 'vitest';
import { Tally } from './tally.js';

describe('Tally', () => {
  it('counts per key and takes each count back once', () => {
    const tally = new Tally();
    const first = tally.add('a');
    const second = tally.add('a');
    tally.add('b');
    expect(tally.count('a')).toBe(2);
    first();
    first();
    expect(tally.count('a')).toBe(1);
    second();
    expect(tally.count('a')).toBe(0);
    expect(tally.count('b')).toBe(1);
  });
});
