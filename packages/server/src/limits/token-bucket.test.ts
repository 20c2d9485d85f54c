import { describe, expect, it } from 'vitest';
import { MIN_BURST_BYTES, TokenBucket } from './token-bucket.js';

function clocked(rate: number): { bucket: TokenBucket; advance(ms: number): void } {
  let now = 0;
  const bucket = new TokenBucket(rate, () => now);
  return { bucket, advance: (ms) => (now += ms) };
}

describe('TokenBucket', () => {
  it('starts with a tenth of a second of tokens, then makes the taker wait for the debt', () => {
    const { bucket } = clocked(1_000_000);
    expect(bucket.take(100_000)).toBe(0);
    expect(bucket.take(500_000)).toBeCloseTo(500);
    // Whoever takes next queues behind the debt.
    expect(bucket.take(250_000)).toBeCloseTo(750);
  });

  it('refills by elapsed time, never beyond the burst', () => {
    const { bucket, advance } = clocked(1_000_000);
    bucket.take(1_100_000);
    advance(400);
    expect(bucket.take(0)).toBeCloseTo(600);
    advance(60_000);
    expect(bucket.take(100_000)).toBe(0);
    expect(bucket.take(1000)).toBeCloseTo(1);
  });

  it('keeps at least one chunk of burst at low rates', () => {
    const { bucket } = clocked(1000);
    expect(bucket.take(MIN_BURST_BYTES)).toBe(0);
    expect(bucket.take(1000)).toBeCloseTo(1000);
  });

  it('gives back refunded tokens', () => {
    const { bucket } = clocked(100_000);
    bucket.take(MIN_BURST_BYTES + 50_000);
    bucket.refund(50_000);
    expect(bucket.take(0)).toBe(0);
  });

  it('takes a new rate from now on', () => {
    const { bucket, advance } = clocked(100_000);
    bucket.take(MIN_BURST_BYTES + 100_000);
    advance(500);
    bucket.setRate(200_000);
    expect(bucket.bytesPerSecond).toBe(200_000);
    expect(bucket.take(0)).toBeCloseTo(250);
  });

  it('refuses a rate of 0', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
  });
});
