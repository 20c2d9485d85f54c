/**
 * Password checks for logins, with two guards around scrypt (32 MiB and ~0.2 s of CPU per check at
 * the default cost):
 * - at most MAX_CONCURRENT checks run at once, so a burst of logins cannot take every thread of the
 *   libuv pool (which file I/O shares) or grow memory by 32 MiB per waiting client;
 * - a password that verified recently is accepted again from a short-lived cache (200 clients
 *   logging in as the same user pay for one check, not 200). Only successes are cached, under an
 *   HMAC with a per-process random key, so the cache holds no password and makes guessing no cheaper.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { verifyPassword } from './password-hash.js';

const MAX_CONCURRENT = 2;
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

export class PasswordVerifier {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, number>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly check: (password: string, hash: string) => Promise<boolean> = verifyPassword,
  ) {}

  async verify(password: string, hash: string): Promise<boolean> {
    const token = createHmac('sha256', this.key).update(hash).update('\0').update(password).digest('base64');
    if (this.cached(token)) return true;
    // Checked again once a slot is free: a burst of identical logins queued behind the first one
    // is then answered from its success instead of each paying for scrypt.
    return await this.limited(async () => {
      if (this.cached(token)) return true;
      const ok = await this.check(password, hash);
      if (ok) this.remember(token); // before the slot is handed on, so the next in line sees it
      return ok;
    });
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
    if (this.running >= MAX_CONCURRENT) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
