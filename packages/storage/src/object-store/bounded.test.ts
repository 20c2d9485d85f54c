import { describe, expect, it } from 'vitest';
import { forEachBounded } from './bounded.js';

async function* numbers(count: number, failAt?: number): AsyncGenerator<number> {
  for (let index = 0; index < count; index++) {
    if (index === failAt) throw new Error(`listing failed at ${index}`);
    yield index;
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('forEachBounded', () => {
  it('runs every item with at most `limit` in flight', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachBounded(numbers(20), 3, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
      done.push(item);
    });
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it('starts nothing after a failure, waits for the running tasks, then throws the first failure', async () => {
    const started: number[] = [];
    let finished = 0;
    const failure = new Error('task 4 failed');
    const running = forEachBounded(numbers(50), 3, async (item) => {
      started.push(item);
      await tick();
      if (item === 4) throw failure;
      await tick();
      finished += 1;
    });
    await expect(running).rejects.toBe(failure);
    expect(Math.max(...started)).toBeLessThan(8);
    expect(finished).toBe(started.length - 1);
  });

  it('throws a failure of the stream itself after the running tasks', async () => {
    let finished = 0;
    await expect(
      forEachBounded(numbers(10, 5), 2, async () => {
        await tick();
        finished += 1;
      }),
    ).rejects.toThrow('listing failed at 5');
    expect(finished).toBe(5);
  });

  it('takes a plain array as well', async () => {
    const seen: number[] = [];
    await forEachBounded([1, 2, 3], 2, async (item) => {
      seen.push(item);
    });
    expect(seen.sort()).toEqual([1, 2, 3]);
  });
});
