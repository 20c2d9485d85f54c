/**
 * Sweeps every storage backend for what crashed uploads left behind, at start-up and then every
 * `intervalMs`: each distinct driver once per round, one after the other (a slow bucket delays the
 * next round, never piles rounds up). Counts are logged; a failure is logged and retried next round.
 */
import type { Logger } from '@bucketftp/server';
import { isStorageError } from '@bucketftp/storage';
import type { Backend } from './backend.js';

export interface SweeperOptions {
  readonly olderThanMs: number;
  readonly intervalMs: number;
}

export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly backends: () => Iterable<Backend>,
    private readonly options: SweeperOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.running = this.round();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async round(): Promise<void> {
    const seen = new Set<Backend['driver']>();
    for (const backend of this.backends()) {
      if (this.stopped) return;
      if (seen.has(backend.driver) || !backend.driver.sweepLeftovers) continue;
      seen.add(backend.driver);
      try {
        const removed = await backend.driver.sweepLeftovers(this.options.olderThanMs);
        if (removed > 0) this.log.info({ backend: backend.description, removed }, 'removed leftovers of interrupted uploads');
      } catch (error) {
        // A missing bucket is reported once by the backend health check (ops/readiness.ts); here it
        // would only repeat that every round.
        const level = isStorageError(error, 'storage-missing') ? 'debug' : 'warn';
        this.log[level]({ backend: backend.description, err: error }, 'sweeping leftovers of interrupted uploads failed');
      }
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round();
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
