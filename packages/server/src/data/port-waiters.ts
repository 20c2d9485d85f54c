/**
 * Passive ports are few (a firewall or load balancer publishes a fixed range) but each is busy only
 * from PASV/EPSV until its data connection arrives, usually milliseconds. A request that finds none
 * free therefore waits, in a bounded FIFO queue and for a bounded time, for one to free up before
 * it is answered 425. Whoever frees a port calls `freed()`; every waiter then tries again, oldest
 * first (a freed port may suit only some of them: in cluster mode ports are shared by client address).
 */
export type PortWaitOutcome = 'ok' | 'timeout' | 'queue-full';

export interface PortWaitEvent {
  /** ok: a port was found after waiting; timeout / queue-full: the request is refused (425). */
  readonly outcome: PortWaitOutcome;
  readonly waitedMs: number;
}

export interface PortWaitOptions {
  /** Longest wait for a free port; 0 = answer 425 at once. */
  readonly waitMs: number;
  /** Requests waiting at once; one more is refused at once. */
  readonly maxWaiters: number;
  /** Reports every request that had to wait (or was refused). */
  readonly waited?: (event: PortWaitEvent) => void;
}

interface Waiter {
  readonly seq: number;
  wake(): void;
}

export class PortWaiters {
  private readonly queue: Waiter[] = [];
  private seq = 0;

  constructor(private readonly options: PortWaitOptions) {}

  get waiting(): number {
    return this.queue.length;
  }

  /** `take` gives a port or undefined when none is free; undefined here means the wait failed. */
  async acquire<T>(take: () => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
    const first = await take();
    if (first !== undefined) return first;
    const { waitMs, maxWaiters, waited } = this.options;
    const started = performance.now();
    if (waitMs <= 0 || this.queue.length >= maxWaiters) {
      waited?.({ outcome: waitMs <= 0 ? 'timeout' : 'queue-full', waitedMs: 0 });
      return undefined;
    }
    const seq = ++this.seq;
    for (;;) {
      const left = started + waitMs - performance.now();
      if (left <= 0 || !(await this.sleep(seq, left))) {
        waited?.({ outcome: 'timeout', waitedMs: Math.round(performance.now() - started) });
        return undefined;
      }
      const port = await take();
      if (port !== undefined) {
        waited?.({ outcome: 'ok', waitedMs: Math.round(performance.now() - started) });
        return port;
      }
    }
  }

  /** A port was given back: every waiter tries again, in the order they came. */
  freed(): void {
    for (const waiter of this.queue.splice(0)) waiter.wake();
  }

  /** Resolves true when woken, false after `ms`. Keeps its place in the queue (by `seq`) across retries. */
  private sleep(seq: number, ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        seq,
        wake: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(waiter);
        if (at !== -1) this.queue.splice(at, 1);
        resolve(false);
      }, ms);
      timer.unref();
      const at = this.queue.findIndex((other) => other.seq > seq);
      if (at === -1) this.queue.push(waiter);
      else this.queue.splice(at, 0, waiter);
    });
  }
}
