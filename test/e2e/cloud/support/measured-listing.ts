/** A bare listing timed and watched: first/last byte and the server's RSS growth while it ran. */
import type { CloudServer } from './cloud-server.js';
import { mib, readMemory, sampleRss } from './memory.js';
import { timedListing, type TimedListing } from './raw-session.js';

export interface MeasuredListing extends TimedListing {
  /** Highest VmRSS during the listing minus VmRSS just before it. */
  readonly growthBytes: number;
}

/** Runs `command` on a bare session while sampling the server's RSS; logs one summary line. */
export async function measuredListing(server: CloudServer, command: string, label: string): Promise<MeasuredListing> {
  const before = readMemory(server.pid).rssBytes;
  const sampler = sampleRss(server.pid, 20);
  const listing = await timedListing(server, command);
  const { maxRssBytes } = sampler.stop();
  const growthBytes = maxRssBytes - before;
  console.log(
    `${label} ${command} of ${listing.lines.length} entries: first byte ${listing.firstByteMs.toFixed(0)} ms, ` +
      `total ${listing.totalMs.toFixed(0)} ms; server RSS ${mib(before)} → max ${mib(maxRssBytes)} MiB (+${mib(growthBytes)} MiB)`,
  );
  return { ...listing, growthBytes };
}
