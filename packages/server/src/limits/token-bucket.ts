/**
 * A token bucket of bytes: `rate` tokens a second flow in, up to `burst`. Taking is never refused:
 * the tokens are taken at once (the bucket may go into debt) and the caller is told how long to
 * wait before the debt is paid off. Callers sharing a bucket thus queue up in the order they took,
 * and the long-run rate is exact however the bytes come in chunks.
 */
export type Clock = () => number;

/** A tenth of a second at the rate, but at least one typical chunk: small enough to keep the average honest. */
export const BURST_SECONDS = 0.1;
export const MIN_BURST_BYTES = 16 * 1024;

export class TokenBucket {
  private tokens: number;
  private last: number;
  private burst: number;

  constructor(
    private rate: number,
    private readonly now: Clock = () => performance.now(),
  ) {
    if (!(rate > 0)) throw new RangeError('a token bucket needs a rate above 0');
    this.burst = burstFor(rate);
    this.tokens = this.burst;
    this.last = now();
  }

  get bytesPerSecond(): number {
    return this.rate;
  }

  /** The most a taker gets at once after a pause. */
  get burstBytes(): number {
    return this.burst;
  }

  /** A new rate from now on (the users file was reloaded); the tokens so far stay. */
  setRate(rate: number): void {
    if (!(rate > 0) || rate === this.rate) return;
    this.refill();
    this.rate = rate;
    this.burst = burstFor(rate);
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** Takes `bytes` tokens; returns the milliseconds until the bucket is out of debt (0 when it is not in debt). */
  take(bytes: number): number {
    this.refill();
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.rate) * 1000;
  }

  /** Gives back tokens taken for bytes that never moved (the transfer was aborted during its wait). */
  refund(bytes: number): void {
    this.refill();
    this.tokens = Math.min(this.burst, this.tokens + bytes);
  }

  private refill(): void {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.rate);
  }
}

function burstFor(rate: number): number {
  return Math.max(MIN_BURST_BYTES, rate * BURST_SECONDS);
}
