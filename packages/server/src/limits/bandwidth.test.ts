import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_WAIT_MS, type Throttle } from '../data/throttle.js';
import { Bandwidth } from './bandwidth.js';
import { MIN_BURST_BYTES } from './token-bucket.js';

const CHUNK = 64 * 1024;

/** Sends `chunks` chunks through the throttle; resolves with the (fake) time the last byte arrived. */
async function send(throttle: Throttle, chunks: number): Promise<{ bytes: number; endedAt: number }> {
  let bytes = 0;
  let endedAt = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      endedAt = Date.now();
      callback();
    },
  });
  await pipeline(Readable.from(Array.from({ length: chunks }, () => Buffer.alloc(CHUNK))), throttle, sink);
  return { bytes, endedAt };
}

describe('Bandwidth', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const clock = (): number => Date.now();

  it('adds no stage when nothing is limited', () => {
    const bandwidth = new Bandwidth({ upload: 0, download: 0 }, clock);
    expect(bandwidth.throttle('upload', 'ann', 0)).toBeUndefined();
    expect(bandwidth.throttle('download', 'ann', 0)).toBeUndefined();
    expect(bandwidth.forAccount('upload', { username: 'ann' })).toBeUndefined();
    expect(bandwidth.forAccount('upload', { username: 'ann', limits: { downloadBytesPerSecond: 1000 } })).toBeUndefined();
    expect(bandwidth.userBuckets).toBe(0);
  });

  it("takes an account's own limit for the direction", () => {
    const bandwidth = new Bandwidth({ upload: 0, download: 0 }, clock);
    const throttle = bandwidth.forAccount('download', { username: 'ann', limits: { uploadBytesPerSecond: 0, downloadBytesPerSecond: 1000 } });
    expect(throttle).toBeDefined();
    expect(bandwidth.userBuckets).toBe(1);
    throttle?.destroy();
  });

  it("holds one transfer to the user's rate", async () => {
    const bandwidth = new Bandwidth({ upload: 0, download: 0 }, clock);
    const sending = send(bandwidth.throttle('download', 'ann', 1_000_000)!, 80);
    await vi.runAllTimersAsync();
    const { bytes, endedAt } = await sending;
    expect(bytes).toBe(80 * CHUNK);
    // The first burst passes at once; the rest at the rate.
    expect(endedAt).toBeGreaterThanOrEqual(((bytes - 100_000) / 1_000_000) * 1000 - MIN_WAIT_MS);
    expect(endedAt).toBeLessThanOrEqual(((bytes - 100_000) / 1_000_000) * 1000 + MIN_WAIT_MS);
  });

  it("shares the user's rate between the user's sessions, and forgets the bucket after them", async () => {
    const bandwidth = new Bandwidth({ upload: 0, download: 0 }, clock);
    const sending = Promise.all([send(bandwidth.throttle('upload', 'ann', 500_000)!, 40), send(bandwidth.throttle('upload', 'ann', 500_000)!, 40)]);
    // Another user and the other direction have buckets of their own.
    const other = send(bandwidth.throttle('upload', 'bob', 500_000)!, 40);
    const download = send(bandwidth.throttle('download', 'ann', 500_000)!, 40);
    expect(bandwidth.userBuckets).toBe(3);
    await vi.runAllTimersAsync();
    const [first, second] = await sending;
    const together = first.bytes + second.bytes;
    const endedAt = Math.max(first.endedAt, second.endedAt);
    expect(endedAt).toBeGreaterThanOrEqual(((together - 50_000) / 500_000) * 1000 - MIN_WAIT_MS);
    expect(endedAt).toBeLessThanOrEqual(((together - 50_000) / 500_000) * 1000 + MIN_WAIT_MS);
    // Queued in the order they took, the two sessions get about half each.
    expect(Math.abs(first.endedAt - second.endedAt)).toBeLessThan(endedAt * 0.05);
    expect((await other).endedAt).toBeLessThan(endedAt * 0.6);
    expect((await download).endedAt).toBeLessThan(endedAt * 0.6);
    expect(bandwidth.userBuckets).toBe(0);
  });

  it('holds every user together to the server-wide rate', async () => {
    const bandwidth = new Bandwidth({ upload: 0, download: 400_000 }, clock);
    expect(bandwidth.throttle('upload', 'ann', 0)).toBeUndefined();
    const sending = Promise.all([send(bandwidth.throttle('download', 'ann', 0)!, 20), send(bandwidth.throttle('download', 'bob', 10_000_000)!, 20)]);
    await vi.runAllTimersAsync();
    const results = await sending;
    const endedAt = Math.max(...results.map((result) => result.endedAt));
    expect(endedAt).toBeGreaterThanOrEqual(((40 * CHUNK - 40_000) / 400_000) * 1000 - MIN_WAIT_MS);
    expect(endedAt).toBeLessThanOrEqual(((40 * CHUNK - 40_000) / 400_000) * 1000 + MIN_WAIT_MS);
  });

  it('passes a large chunk at a low rate in pieces of one burst, evenly spaced', async () => {
    const bandwidth = new Bandwidth({ upload: 0, download: 0 }, clock);
    const throttle = bandwidth.throttle('download', 'ann', 16 * 1024)!;
    const arrivals: [number, number][] = [];
    throttle.on('data', (piece: Buffer) => arrivals.push([Date.now(), piece.length]));
    throttle.end(Buffer.alloc(256 * 1024));
    await vi.runAllTimersAsync();
    expect(arrivals).toHaveLength(16);
    expect(arrivals.every(([, bytes]) => bytes === MIN_BURST_BYTES)).toBe(true);
    expect(arrivals.map(([at]) => at)).toEqual(Array.from({ length: 16 }, (_, index) => index * 1000));
  });

  it('ends a wait at once when the stage is destroyed, giving its tokens back', async () => {
    const bandwidth = new Bandwidth({ upload: 0, download: 0 }, clock);
    // A second transfer of the user keeps the shared bucket.
    const keeper = bandwidth.throttle('download', 'ann', 100_000)!;
    const throttle = bandwidth.throttle('download', 'ann', 100_000)!;
    throttle.resume();
    throttle.write(Buffer.alloc(MIN_BURST_BYTES));
    throttle.write(Buffer.alloc(100_000));
    await vi.advanceTimersByTimeAsync(10);
    expect(vi.getTimerCount()).toBe(1);
    throttle.destroy();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(throttle.destroyed).toBe(true);
    // The next chunk finds the tokens of the bytes that never moved: it waits for its own size only.
    const sending = send(keeper, 1);
    await vi.runAllTimersAsync();
    expect((await sending).endedAt).toBeLessThanOrEqual(10 + (CHUNK / 100_000) * 1000);
    expect(bandwidth.userBuckets).toBe(0);
  });

  it("takes a changed user limit (a reloaded users file) for all of the user's transfers", async () => {
    const bandwidth = new Bandwidth({ upload: 0, download: 0 }, clock);
    const first = bandwidth.throttle('upload', 'ann', 100_000)!;
    const sending = send(bandwidth.throttle('upload', 'ann', 300_000)!, 30);
    expect(bandwidth.userBuckets).toBe(1);
    await vi.runAllTimersAsync();
    const expected = ((30 * CHUNK - MIN_BURST_BYTES) / 300_000) * 1000;
    expect((await sending).endedAt).toBeGreaterThanOrEqual(expected - MIN_WAIT_MS);
    expect((await sending).endedAt).toBeLessThanOrEqual(expected + MIN_WAIT_MS);
    first.destroy();
  });
});
