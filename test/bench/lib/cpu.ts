/** CPU time a process (all its threads) has used, from /proc/<pid>/stat: the cost per byte of a transfer. */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the bench runs on

/** Units of the metrics read from these counters. */
export const CPU_PER_GIB_UNIT = 's/GiB';
export const CPU_PER_FILE_UNIT = 'ms of CPU';
export const SWITCHES_UNIT = 'switches';

/**
 * Metrics whose value may be 0 on a tiny workload: CPU time ticks every 10 ms, and a server may not
 * sleep at all during a short pass.
 */
export const COUNTED_UNITS: ReadonlySet<string> = new Set([CPU_PER_GIB_UNIT, CPU_PER_FILE_UNIT, SWITCHES_UNIT]);

interface Ticks {
  readonly user: number;
  readonly system: number;
}

/** utime and stime of a /proc stat line, in seconds. */
function parseStat(stat: string): Ticks {
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
}

export function cpuSeconds(pid: number): number {
  const { user, system } = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return user + system;
}

/** Starts counting now; `perGiB(bytes)` gives the CPU seconds spent per GiB moved since. */
export function watchCpu(pid: number): { perGiB(bytes: number): number } {
  const start = cpuSeconds(pid);
  return { perGiB: (bytes) => ((cpuSeconds(pid) - start) * 1024 ** 3) / bytes };
}

/** A process's CPU seconds split by thread (the main thread's runs the JavaScript, for Node), and its context switches. */
export interface ThreadCpu {
  /** The whole process, threads that ended included. */
  readonly total: number;
  readonly mainUser: number;
  readonly mainSystem: number;
  /** Every other thread: for Node, libuv's pool (file system calls) and V8's helpers (GC, compiler). */
  readonly others: number;
  /**
   * Times any thread went to sleep or was preempted (voluntary and involuntary context switches): a
   * one-thread server sleeps about once per command it waits for; each hand-off of work to another
   * thread and back adds more.
   */
  readonly contextSwitches: number;
}

/** The two context-switch counters of a /proc status file, added. */
function contextSwitchesOf(status: string): number {
  let switches = 0;
  for (const match of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)) switches += Number(match[1]);
  return switches;
}

/**
 * The split from each thread's own counters (Node's threads live as long as the process; a thread
 * that ended takes its share with it), the total from the process's, which keeps ended threads'.
 */
export function threadCpu(pid: number): ThreadCpu {
  let mainUser = 0;
  let mainSystem = 0;
  let others = 0;
  let contextSwitches = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    let ticks: Ticks;
    try {
      ticks = parseStat(readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8'));
      contextSwitches += contextSwitchesOf(readFileSync(`/proc/${pid}/task/${thread}/status`, 'utf8'));
    } catch {
      continue; // ended between the listing and the reading
    }
    if (thread === String(pid)) {
      mainUser = ticks.user;
      mainSystem = ticks.system;
    } else {
      others += ticks.user + ticks.system;
    }
  }
  return { total: cpuSeconds(pid), mainUser, mainSystem, others, contextSwitches };
}

/** Starts counting now; `perItem(count)` gives the CPU milliseconds (and context switches) per item since. */
export function watchThreadCpu(pid: number): { perItem(count: number): ThreadCpu } {
  const start = threadCpu(pid);
  return {
    perItem(count) {
      const now = threadCpu(pid);
      const msPer = (key: keyof ThreadCpu): number => ((now[key] - start[key]) * 1000) / count;
      return {
        total: msPer('total'),
        mainUser: msPer('mainUser'),
        mainSystem: msPer('mainSystem'),
        // A thread that ended during the pass took its counters with it: never below 0.
        others: Math.max(0, msPer('others')),
        contextSwitches: Math.max(0, now.contextSwitches - start.contextSwitches) / count,
      };
    },
  };
}
