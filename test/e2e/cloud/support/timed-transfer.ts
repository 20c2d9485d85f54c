/**
 * One curl upload or download through a server process that does nothing else, timed, with that
 * process's peak RSS (VmHWM) afterwards: a fresh server per direction keeps the two peaks apart.
 */
import type { CloudServer } from './cloud-server.js';
import type { Curl } from './curl.js';
import type { StreamDigest } from './hashing.js';
import { megabytesPerSecond, mib, readMemory, sizeLabel } from './memory.js';

export interface TimedTransfer {
  readonly ms: number;
  /** VmRSS of the server before the transfer. */
  readonly idleRssBytes: number;
  /** VmHWM of the server after the transfer. */
  readonly peakRssBytes: number;
}

export async function timedUpload(curl: Curl, server: CloudServer, source: string, path: string): Promise<TimedTransfer> {
  const idleRssBytes = readMemory(server.pid).rssBytes;
  const started = performance.now();
  await curl.run(['-T', source, `${server.url}/${path}`], 600_000);
  const ms = performance.now() - started;
  return { ms, idleRssBytes, peakRssBytes: readMemory(server.pid).peakRssBytes };
}

export async function timedDownload(curl: Curl, server: CloudServer, path: string): Promise<TimedTransfer & { received: StreamDigest }> {
  const idleRssBytes = readMemory(server.pid).rssBytes;
  const started = performance.now();
  const received = await curl.download(`${server.url}/${path}`, 600_000);
  const ms = performance.now() - started;
  return { ms, idleRssBytes, peakRssBytes: readMemory(server.pid).peakRssBytes, received };
}

/** e.g. `s3 1 GiB: up 80.1 MB/s, down 250.3 MB/s, server peak RSS 203.5 MiB (upload 203.5, download 150.2, idle 89.8 MiB)`. */
export function roundTripSummary(label: string, bytes: number, up: TimedTransfer, down: TimedTransfer): string {
  return (
    `${label} ${sizeLabel(bytes)}: up ${megabytesPerSecond(bytes, up.ms)} MB/s, down ${megabytesPerSecond(bytes, down.ms)} MB/s, ` +
    `server peak RSS ${mib(Math.max(up.peakRssBytes, down.peakRssBytes))} MiB ` +
    `(upload ${mib(up.peakRssBytes)}, download ${mib(down.peakRssBytes)}, idle ${mib(up.idleRssBytes)} MiB)`
  );
}
