/**
 * Password checks for logins, with two guards around scrypt (32 MiB and ~0.2 s of CPU per check at
 * the default cost):
 * - at most one check per core runs at once (more would only queue for the CPU), and never so many
 *   that they take every thread of the libuv pool, which file I/O shares; memory grows by 32 MiB per
 *   running check, not per waiting client;
 * - a password that verified recently is accepted again from a short-lived cache (200 clients
 *   logging in as the same user pay for one check, not 200). Only successes are cached, under an
 *   HMAC with a per-process random key, so the cache holds no password and makes guessing no cheaper.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { verifyPassword } from './password-hash.js';

/** libuv's default pool size; UV_THREADPOOL_SIZE changes it (read once, at the pool's start). */
const DEFAULT_THREADPOOL_SIZE = 4;
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

/** Checks at once: one per core, leaving at least one pool thread for file I/O and DNS. */
export function checkConcurrency(cores = availableParallelism(), poolSize = threadpoolSize()): number {
  return Math.max(1, Math.min(cores, poolSize - 1));
}

function threadpoolSize(): number {
  const configured = Number.parseInt(process.env['UV_THREADPOOL_SIZE'] ?? '', 10);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_THREADPOOL_SIZE;
}

export class PasswordVerifier {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, number>();
  private readonly pending = new Map<string, Promise<boolean>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly check: (password: string, hash: string) => Promise<boolean> = verifyPassword,
    private readonly maxConcurrent = checkConcurrency(),
  ) {}

  async verify(password: string, hash: string): Promise<boolean> {
    const token = createHmac('sha256', this.key).update(hash).update('\0').update(password).digest('base64');
    if (this.cached(token)) return true;
    // Identical logins arriving while one is checked (or waits for a slot) share its answer; one
    // arriving after it succeeded finds the cache. So no identical check ever waits for a slot.
    const pending = this.pending.get(token);
    if (pending) return await pending;
    const checking = this.limited(async () => {
      const ok = await this.check(password, hash);
      if (ok) this.remember(token);
      return ok;
    });
    this.pending.set(token, checking);
    try {
      return await checking;
    } finally {
      this.pending.delete(token);
    }
  }

  private cached(token: string): boolean {
    const expires = this.verified.get(token);
    return expires !== undefined && expires > this.now();
  }

  private remember(token: string): void {
    if (this.verified.size >= CACHE_MAX_ENTRIES) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.delete(token);
    this.verified.set(token, this.now() + CACHE_TTL_MS);
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
