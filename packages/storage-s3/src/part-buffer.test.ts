import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PartBuffer } from './part-buffer.js';

describe('PartBuffer', () => {
  it('keeps every byte while it grows from a small start to its capacity', () => {
    const buffer = new PartBuffer(1000, 16);
    const data = randomBytes(1200);
    let offset = 0;
    for (const size of [10, 7, 100, 1, 300, 500, 282]) {
      offset += buffer.append(data.subarray(offset, offset + size));
    }
    expect(offset).toBe(1000);
    expect(buffer.full).toBe(true);
    expect(buffer.contents().equals(data.subarray(0, 1000))).toBe(true);
  });

  it('takes only what fits, and nothing once full', () => {
    const buffer = new PartBuffer(8, 2);
    expect(buffer.append(Buffer.from('abcdefghij'))).toBe(8);
    expect(buffer.append(Buffer.from('k'))).toBe(0);
    expect(buffer.contents().toString()).toBe('abcdefgh');
  });

  it('starts again empty after reset, with the room it grew to', () => {
    const buffer = new PartBuffer(64, 4);
    buffer.append(randomBytes(64));
    buffer.reset();
    expect(buffer.length).toBe(0);
    expect(buffer.append(Buffer.from('xyz'))).toBe(3);
    expect(buffer.contents().toString()).toBe('xyz');
  });
});
