/**
 * The other replicas: where to reach replica i (a configured list, or a DNS pattern such as
 * `bucketftp-{replica}.bucketftp-peers` for a StatefulSet behind a headless Service), and whether
 * an incoming relay connection comes from one of them. Only peers may name a client in a PROXY
 * header on the relay port, so trust is either configured CIDR blocks or the peers' current DNS
 * addresses (looked up again at most once a second when an unknown address knocks: pods move).
 */
import { lookup } from 'node:dns/promises';
import { AddressList, normalizeAddress } from '@bucketftp/protocol';
import { peerHost } from './replica-identity.js';

export interface PeersOptions {
  readonly peers: string | readonly string[];
  /** Replicas the layout has room for: the pattern is looked up for 0 … slices-1. */
  readonly slices: number;
  /** CIDR blocks trusted instead of the peers' DNS addresses. */
  readonly trusted?: readonly string[];
  /** Lookups for trust (default: the system resolver, every address of a name). */
  readonly resolve?: (host: string) => Promise<readonly string[]>;
}

const REFRESH_INTERVAL_MS = 1000;

export class Peers {
  private readonly trustedBlocks: AddressList | undefined;
  private known = new Set<string>();
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: PeersOptions) {
    this.trustedBlocks = options.trusted && new AddressList(options.trusted);
  }

  /** Host name or address of replica `replica`, or undefined when the list has no such entry. */
  hostOf(replica: number): string | undefined {
    return peerHost(this.options.peers, replica);
  }

  /** Whether `address` may relay data connections to us. */
  async trusts(address: string): Promise<boolean> {
    const normalized = normalizeAddress(address);
    if (this.trustedBlocks) return this.trustedBlocks.has(normalized);
    if (this.known.has(normalized)) return true;
    if (performance.now() - this.refreshedAt < REFRESH_INTERVAL_MS) return false;
    await this.refresh();
    return this.known.has(normalized);
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.lookUpAll().finally(() => {
      this.refreshedAt = performance.now();
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async lookUpAll(): Promise<void> {
    const resolve = this.options.resolve ?? systemLookup;
    const hosts = new Set<string>();
    for (let replica = 0; replica < this.options.slices; replica++) {
      const host = this.hostOf(replica);
      if (host !== undefined) hosts.add(host);
    }
    // A replica that does not exist (yet) has no name: it simply adds no address.
    const found = await Promise.all([...hosts].map((host) => resolve(host).catch(() => [] as string[])));
    this.known = new Set(found.flat().map(normalizeAddress));
  }
}

async function systemLookup(host: string): Promise<string[]> {
  const addresses = await lookup(host, { all: true });
  return addresses.map((entry) => entry.address);
}
