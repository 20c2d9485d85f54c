/**
 * Pausing an emulator or a server in a test (SIGSTOP), to stand for a backend that stops answering.
 */
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Sends SIGSTOP and resolves once every thread of `pid` is stopped (state T in /proc). The signal
 * only asks: a thread that is running may go on, and answer a request, for a moment after it was
 * sent — long enough for a test's next request on a busy machine.
 */
export async function pauseProcess(pid: number, name = `process ${pid}`): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  const deadline = Date.now() + 5_000;
  for (;;) {
    const states = await threadStates(pid);
    if (states.every((state) => state === 'T')) return;
    if (Date.now() > deadline) throw new Error(`${name} did not stop: thread states ${states.join('')}`);
    await sleep(1);
  }
}

/** The state letter of each thread (R, S, D, T, …), from /proc/<pid>/task/<tid>/stat. */
async function threadStates(pid: number): Promise<string[]> {
  const tasks = await readdir(`/proc/${pid}/task`);
  const states = await Promise.all(
    tasks.map(async (task) => {
      try {
        return (await readFile(`/proc/${pid}/task/${task}/stat`, 'utf8')).replace(/^.*\) /s, '').charAt(0);
      } catch {
        return 'T'; // the thread ended meanwhile: it answers nothing either
      }
    }),
  );
  return states;
}
