/** CPU time a process (all its threads) has used, from /proc/<pid>/stat: the cost per byte of a transfer. */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the bench runs on

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Starts counting now; `perGiB(bytes)` gives the CPU seconds spent per GiB moved since. */
export function watchCpu(pid: number): { perGiB(bytes: number): number } {
  const start = cpuSeconds(pid);
  return { perGiB: (bytes) => ((cpuSeconds(pid) - start) * 1024 ** 3) / bytes };
}
