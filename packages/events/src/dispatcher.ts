/**
 * Delivery that never holds up FTP: `publish` is synchronous and only appends to a bounded queue per
 * sink; one worker per sink delivers batches in order, retrying retryable failures with exponential
 * backoff and full jitter. A full queue drops the new event (logged, counted) instead of growing.
 * `close(graceMs)` stops accepting events and keeps delivering until the queues are empty or the
 * grace period ends; what is left then is dropped and counted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BucketftpEvent } from './event.js';
import { eventFilter } from './filter.js';
import { DeliveryError, type EventSink, type SinkLogger } from './sink.js';
import type { CommonSinkConfig } from './sinks/common.js';

/** Why events left a queue without being delivered. */
export type DropReason = 'queue-full' | 'shutdown';

/** Counters and gauges per sink (the app backs them with Prometheus metrics). */
export interface DeliveryMetrics {
  delivered(sink: string, events: number): void;
  /** A failed attempt that will be tried again. */
  retried(sink: string, events: number): void;
  /** Events given up on: a non-retryable failure, or retries exhausted. */
  failed(sink: string, events: number): void;
  dropped(sink: string, events: number, reason: DropReason): void;
  queueDepth(sink: string, depth: number): void;
  /** Seconds from publish to the receiver's acceptance, per delivered event. */
  latency(sink: string, seconds: number): void;
}

export interface QueuedSink {
  readonly sink: EventSink;
  readonly options: Pick<
    CommonSinkConfig,
    'events' | 'users' | 'paths' | 'maxQueue' | 'batchSize' | 'batchWindowMs' | 'timeoutMs' | 'retries' | 'retryBaseDelayMs' | 'retryMaxDelayMs'
  >;
}

export interface DispatcherDeps {
  readonly logger: SinkLogger;
  readonly metrics?: DeliveryMetrics;
  /** For tests: the jitter source (default Math.random). */
  readonly random?: () => number;
}

/** How often a sink that keeps dropping logs about it. */
const DROP_LOG_INTERVAL_MS = 10_000;

interface Pending {
  readonly event: BucketftpEvent;
  readonly publishedAt: number;
}

/** The delay before retry `attempt` (1-based): full jitter over an exponentially growing cap. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(random() * cap);
}

class SinkQueue {
  readonly name: string;
  private readonly pending: Pending[] = [];
  private readonly accepts: (event: BucketftpEvent) => boolean;
  private readonly stopping = new AbortController();
  private inFlight = 0;
  private running: Promise<void> | undefined;
  private closed = false;
  private droppedSinceLog = 0;
  /** Ends the wait for a fuller batch. */
  private batchFull: (() => void) | undefined;
  private lastDropLog = 0;

  constructor(
    private readonly queued: QueuedSink,
    private readonly deps: DispatcherDeps,
  ) {
    this.name = queued.sink.name;
    this.accepts = eventFilter(queued.options);
    this.deps.metrics?.queueDepth(this.name, 0);
  }

  get depth(): number {
    return this.pending.length + this.inFlight;
  }

  offer(event: BucketftpEvent): void {
    if (!this.accepts(event)) return;
    if (this.closed) {
      this.drop(1, 'shutdown');
      return;
    }
    if (this.pending.length >= this.queued.options.maxQueue) {
      this.drop(1, 'queue-full');
      return;
    }
    this.pending.push({ event, publishedAt: performance.now() });
    this.deps.metrics?.queueDepth(this.name, this.depth);
    if (this.pending.length >= this.queued.options.batchSize) this.batchFull?.();
    this.kick();
  }

  /** Starts the worker unless it runs; it restarts itself for events published as it finished. */
  private kick(): void {
    if (this.running || this.pending.length === 0 || this.stopping.signal.aborted) return;
    this.running = this.work()
      .catch((error: unknown) => this.deps.logger.error({ sink: this.name, err: error }, 'event delivery worker failed'))
      .finally(() => {
        this.running = undefined;
        this.kick();
      });
  }

  /** Stops accepting; resolves once the queue is empty or `deadline` (performance.now()) passed. */
  async drain(deadline: number): Promise<void> {
    this.closed = true;
    this.batchFull?.();
    const timer = setTimeout(() => this.stopping.abort(new Error('grace period over')), Math.max(0, deadline - performance.now()));
    try {
      while (this.running) await this.running;
    } finally {
      clearTimeout(timer);
    }
    if (this.pending.length > 0) {
      const left = this.pending.length;
      this.pending.length = 0;
      this.drop(left, 'shutdown');
    }
    this.deps.metrics?.queueDepth(this.name, 0);
    await this.queued.sink.close?.().catch((error: unknown) => this.deps.logger.warn({ sink: this.name, err: error }, 'closing the event sink failed'));
  }

  private drop(count: number, reason: DropReason): void {
    this.deps.metrics?.dropped(this.name, count, reason);
    if (reason === 'shutdown') {
      this.deps.logger.warn({ sink: this.name, dropped: count }, 'events not delivered before shutdown');
      return;
    }
    this.droppedSinceLog += count;
    const now = performance.now();
    if (this.lastDropLog === 0 || now - this.lastDropLog >= DROP_LOG_INTERVAL_MS) {
      this.deps.logger.warn(
        { sink: this.name, dropped: this.droppedSinceLog, maxQueue: this.queued.options.maxQueue },
        'event queue full: events dropped',
      );
      this.droppedSinceLog = 0;
      this.lastDropLog = now;
    }
  }

  private async work(): Promise<void> {
    // Let the publishing code path finish first: delivery never runs on the FTP session's turn.
    await Promise.resolve();
    while (this.pending.length > 0 && !this.stopping.signal.aborted) {
      await this.fillWindow();
      const batch = this.pending.splice(0, this.queued.options.batchSize);
      this.inFlight = batch.length;
      try {
        await this.deliver(batch);
      } finally {
        this.inFlight = 0;
        this.deps.metrics?.queueDepth(this.name, this.depth);
      }
    }
  }

  /** Waits up to batchWindowMs for a full batch (not while draining for shutdown). */
  private async fillWindow(): Promise<void> {
    const { batchSize, batchWindowMs } = this.queued.options;
    if (batchWindowMs === 0 || this.pending.length >= batchSize || this.closed) return;
    const full = new AbortController();
    this.batchFull = () => full.abort();
    try {
      await sleep(batchWindowMs, undefined, { signal: AbortSignal.any([full.signal, this.stopping.signal]) });
    } catch {
      // The batch filled up, or the grace period ended.
    } finally {
      this.batchFull = undefined;
    }
  }

  private async deliver(batch: readonly Pending[]): Promise<void> {
    const { options, sink } = this.queued;
    const events = batch.map((item) => item.event);
    const log = this.deps.logger;
    for (let attempt = 0; ; attempt++) {
      const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), this.stopping.signal]);
      let failure: unknown;
      try {
        await sink.deliver(events, signal);
        const now = performance.now();
        this.deps.metrics?.delivered(this.name, events.length);
        for (const item of batch) this.deps.metrics?.latency(this.name, (now - item.publishedAt) / 1000);
        if (attempt > 0) log.info({ sink: this.name, events: events.length, attempts: attempt + 1 }, 'events delivered after retries');
        return;
      } catch (error) {
        failure = error;
      }
      if (this.stopping.signal.aborted) {
        this.drop(events.length, 'shutdown');
        return;
      }
      const retryable = !(failure instanceof DeliveryError) || failure.retryable;
      if (!retryable || attempt >= options.retries) {
        this.deps.metrics?.failed(this.name, events.length);
        log.error(
          { sink: this.name, events: events.length, attempts: attempt + 1, ids: events.map((event) => event.id), err: failure },
          retryable ? 'event delivery failed: retries exhausted' : 'event delivery failed: not retryable',
        );
        return;
      }
      this.deps.metrics?.retried(this.name, events.length);
      const backoff = backoffDelay(attempt + 1, options.retryBaseDelayMs, options.retryMaxDelayMs, this.deps.random);
      const retryAfter = failure instanceof DeliveryError ? (failure.retryAfterMs ?? 0) : 0;
      const delay = Math.min(Math.max(backoff, retryAfter), options.retryMaxDelayMs);
      log.debug({ sink: this.name, events: events.length, attempt: attempt + 1, delayMs: delay, err: failure }, 'event delivery failed; retrying');
      try {
        await sleep(delay, undefined, { signal: this.stopping.signal });
      } catch {
        this.drop(events.length, 'shutdown');
        return;
      }
    }
  }
}

export class EventDispatcher {
  private readonly queues: SinkQueue[];

  constructor(sinks: readonly QueuedSink[], deps: DispatcherDeps) {
    this.queues = sinks.map((sink) => new SinkQueue(sink, deps));
  }

  get sinkNames(): readonly string[] {
    return this.queues.map((queue) => queue.name);
  }

  /** Events waiting or in flight, per sink. */
  depths(): Record<string, number> {
    return Object.fromEntries(this.queues.map((queue) => [queue.name, queue.depth]));
  }

  /** Hands the event to every sink whose filters it passes. Never blocks, never throws. */
  publish(event: BucketftpEvent): void {
    for (const queue of this.queues) queue.offer(event);
  }

  /** Delivers what is queued for at most `graceMs`, then drops the rest; closes the sinks. */
  async close(graceMs: number): Promise<void> {
    const deadline = performance.now() + graceMs;
    await Promise.all(this.queues.map((queue) => queue.drain(deadline)));
  }
}
