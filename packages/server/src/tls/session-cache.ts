/**
 * Server-side TLS session cache for clients that resume by session ID (TLS 1.2 without tickets).
 * Node keeps no cache of its own; a TLSSocket whose `server` has `newSession`/`resumeSession`
 * listeners stores and looks sessions up here. Bounded in entries and age.
 */
import { EventEmitter } from 'node:events';

interface CachedSession {
  readonly data: Buffer;
  readonly expires: number;
}

export class TlsSessionCache extends EventEmitter {
  private readonly entries = new Map<string, CachedSession>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly lifetimeMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.on('newSession', (id: Buffer, data: Buffer, done: () => void) => {
      this.store(id, data);
      done();
    });
    this.on('resumeSession', (id: Buffer, done: (error: Error | null, data: Buffer | null) => void) => {
      done(null, this.lookup(id) ?? null);
    });
  }

  get size(): number {
    return this.entries.size;
  }

  store(id: Buffer, data: Buffer): void {
    const key = id.toString('hex');
    this.entries.delete(key);
    this.entries.set(key, { data, expires: this.now() + this.lifetimeMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  lookup(id: Buffer): Buffer | undefined {
    const key = id.toString('hex');
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.data;
  }
}
