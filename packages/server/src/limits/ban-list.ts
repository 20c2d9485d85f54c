/**
 * Temporary bans after repeated failed logins from one address (RFC 2577 §5: make password guessing
 * expensive). Failures are counted per address within a sliding window, across connections; memory
 * stays bounded by forgetting the least recently seen address first.
 */
import { AddressList, normalizeAddress } from '@bucketftp/protocol';
import type { BanOptions } from '../options.js';

interface AddressRecord {
  /** Times of the failures still inside the window, oldest first (at most maxFailures). */
  failures: number[];
  bannedUntil: number;
}

export class BanList {
  private readonly records = new Map<string, AddressRecord>();
  private readonly exempt: AddressList;

  constructor(
    private readonly options: Required<BanOptions>,
    private readonly now: () => number = Date.now,
  ) {
    this.exempt = new AddressList(options.exempt);
  }

  get enabled(): boolean {
    return this.options.maxFailures > 0;
  }

  isBanned(address: string): boolean {
    const record = this.records.get(normalizeAddress(address));
    return record !== undefined && record.bannedUntil > this.now();
  }

  /** Counts a failed login; true when this failure banned the address. */
  recordFailure(address: string): boolean {
    if (!this.enabled || this.exempt.has(address)) return false;
    const key = normalizeAddress(address);
    const now = this.now();
    const record = this.records.get(key) ?? { failures: [], bannedUntil: 0 };
    this.records.delete(key); // re-inserted below: the map's order is least recently seen first
    this.records.set(key, record);
    this.evictOldest();
    if (record.bannedUntil > now) return false;
    record.failures = record.failures.filter((at) => at > now - this.options.windowMs);
    record.failures.push(now);
    if (record.failures.length < this.options.maxFailures) return false;
    record.failures = [];
    record.bannedUntil = now + this.options.durationMs;
    return true;
  }

  private evictOldest(): void {
    while (this.records.size > this.options.maxTracked) {
      const oldest = this.records.keys().next().value as string;
      this.records.delete(oldest);
    }
  }
}
