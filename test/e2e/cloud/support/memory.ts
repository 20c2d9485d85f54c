/**
 * A process's resident memory from /proc/<pid>/status (Linux): the current VmRSS and the lifetime
 * peak VmHWM, and a sampler that records the highest VmRSS seen while something runs.
 */
import { readFileSync } from 'node:fs';

export const MIB = 1024 * 1024;

export interface MemoryReading {
  /** VmRSS: resident now. */
  readonly rssBytes: number;
  /** VmHWM: the highest resident size since the process started. */
  readonly peakRssBytes: number;
}

export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssBytes: field(status, 'VmRSS'), peakRssBytes: field(status, 'VmHWM') };
}

function field(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`/proc status has no ${name} line`);
  return Number(match[1]) * 1024;
}

export interface RssSampler {
  /** Stops sampling; the highest VmRSS seen (the last reading included). */
  stop(): RssSummary;
}

export interface RssSummary {
  readonly maxRssBytes: number;
  readonly samples: number;
}

/** Reads VmRSS of `pid` every `intervalMs` until stopped. */
export function sampleRss(pid: number, intervalMs = 50): RssSampler {
  let maxRssBytes = readMemory(pid).rssBytes;
  let samples = 1;
  const take = (): void => {
    try {
      maxRssBytes = Math.max(maxRssBytes, readMemory(pid).rssBytes);
      samples += 1;
    } catch {
      // the process is gone; the assertions on its work will say why
    }
  };
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      return { maxRssBytes, samples };
    },
  };
}

/** `1 GiB`, `100 MiB`, `12.5 MiB`: a size for a report line. */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${Number((bytes / (1024 * MIB)).toFixed(2))} GiB`;
  return `${Number((bytes / MIB).toFixed(1))} MiB`;
}

export function mib(bytes: number): string {
  return (bytes / MIB).toFixed(1);
}

/** Throughput in MB/s (10^6 bytes per second). */
export function megabytesPerSecond(bytes: number, ms: number): string {
  return (bytes / 1e6 / (ms / 1000)).toFixed(1);
}
