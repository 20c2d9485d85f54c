import { describe, expect, it } from 'vitest';
import { threadCpu, watchThreadCpu } from './cpu.js';

/** Keeps the calling (main) thread busy until the process has used `ms` more of CPU time. */
function spin(ms: number): void {
  const start = process.cpuUsage();
  const used = (): number => {
    const { user, system } = process.cpuUsage(start);
    return (user + system) / 1000;
  };
  while (used() < ms) Math.sqrt(Math.random());
}

// These run on the process's main thread, as vitest's default `forks` pool runs test files
// (`test/vitest.config.ts` keeps that default); under worker threads the spinning would count as
// another thread's.
describe('threadCpu', () => {
  it('counts work done on the main thread as the main thread’s, within the process total', () => {
    const before = threadCpu(process.pid);
    spin(200);
    const after = threadCpu(process.pid);
    // Ticks are 10 ms; of 200 ms of the process's CPU, this thread's spinning is nearly all.
    expect(after.mainUser + after.mainSystem - before.mainUser - before.mainSystem).toBeGreaterThanOrEqual(0.1);
    expect(after.total).toBeGreaterThanOrEqual(after.mainUser + after.mainSystem);
    expect(after.others).toBeGreaterThanOrEqual(0);
  });

  it('counts a thread’s sleeps as context switches', async () => {
    const before = threadCpu(process.pid).contextSwitches;
    for (let sleep = 0; sleep < 5; sleep++) await new Promise((resolve) => setTimeout(resolve, 5));
    // Each timer wait puts the main thread to sleep in epoll: at least one switch each.
    expect(threadCpu(process.pid).contextSwitches - before).toBeGreaterThanOrEqual(5);
  });

  it('gives milliseconds per item', () => {
    const watch = watchThreadCpu(process.pid);
    spin(200);
    const perItem = watch.perItem(10);
    expect(perItem.mainUser + perItem.mainSystem).toBeGreaterThanOrEqual(10); // ≥ 100 ms over 10 items
    expect(perItem.total).toBeGreaterThanOrEqual(perItem.mainUser + perItem.mainSystem);
  });
});
