/**
 * Peak resident memory of a process from /proc: VmHWM after resetting it (`clear_refs` 5, Linux ≥
 * 4.0), together with VmRSS sampled meanwhile in case the reset is not permitted.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const KiB_PER_MiB = 1024;

export interface MemoryStatus {
  readonly rssMiB: number;
  readonly peakMiB: number;
}

export function readMemory(pid: number): MemoryStatus {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssMiB: field(status, 'VmRSS') / KiB_PER_MiB, peakMiB: field(status, 'VmHWM') / KiB_PER_MiB };
}

function field(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`no ${name} in /proc status`);
  return Number(match[1]);
}

/** Watches one process from `start` until `stop`, which returns the peak RSS in MiB. */
export class PeakRss {
  private sampledMiB = 0;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly pid: number,
    private readonly peakWasReset: boolean,
    intervalMs: number,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  static start(pid: number, intervalMs = 50): PeakRss {
    let reset = false;
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
      reset = true;
    } catch {
      // not permitted: the sampled maximum is all there is
    }
    return new PeakRss(pid, reset, intervalMs);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peakWasReset ? Math.max(this.sampledMiB, readMemory(this.pid).peakMiB) : this.sampledMiB;
  }

  private sample(): void {
    try {
      this.sampledMiB = Math.max(this.sampledMiB, readMemory(this.pid).rssMiB);
    } catch {
      // the process has gone; keep what was seen
    }
  }
}
