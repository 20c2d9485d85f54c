import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { pauseProcess } from './pause.js';

const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) process.kill(pid, 'SIGKILL');
});

/** A child that keeps two threads busy (the main thread and a worker), so stopping is not instant. */
function busyChild(): number {
  const child = spawn(process.execPath, [
    '-e',
    "new (require('node:worker_threads').Worker)('for(;;){}', { eval: true }); for(;;){}",
  ], { stdio: 'ignore' });
  children.push(child.pid!);
  return child.pid!;
}

async function processState(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').charAt(0);
}

describe('pauseProcess', () => {
  it('resolves only once every thread of a busy process is stopped, and SIGCONT lets it run again', async () => {
    const pid = busyChild();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the worker is up and spinning
    await pauseProcess(pid, 'busy child');
    expect(await processState(pid)).toBe('T');
    const cpu = async (): Promise<number> => {
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').split(' ');
      return Number(fields[11]) + Number(fields[12]);
    };
    const stoppedAt = await cpu();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await cpu()).toBe(stoppedAt); // no thread ran while paused
    process.kill(pid, 'SIGCONT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await processState(pid)).not.toBe('T');
  });
});
