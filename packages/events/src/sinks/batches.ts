/**
 * Sending a delivery in the service's batches (ten entries for SQS, SNS and EventBridge, a thousand
 * for Pub/Sub), where only the entries that failed are sent again.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { BucketftpEvent } from '../event.js';
import { DeliveryError, type SinkLogger } from '../sink.js';

/** One entry of a batch request the service refused, by its index in the batch. */
export interface EntryFailure {
  readonly index: number;
  readonly code: string;
  readonly message?: string;
  readonly retryable: boolean;
}

/** Sends one batch (≤ the service's maximum) and returns the entries that failed. */
export type SendBatch = (batch: readonly BucketftpEvent[], signal: AbortSignal) => Promise<readonly EntryFailure[]>;

export interface BatchSenderOptions {
  /** The service's maximum entries per request. */
  readonly maxEntries: number;
  /** Names the destination in errors and logs. */
  readonly what: string;
  /** The DeliveryError for a request that failed as a whole. */
  readonly toDeliveryError: (error: unknown, what: string, signal: AbortSignal) => DeliveryError;
  readonly sinkName: string;
  readonly logger: SinkLogger;
  /** Rounds within one delivery for entries that failed retryably (default 3). */
  readonly rounds?: number;
  /** The pause before the second round; doubled for each further one (default 100 ms). */
  readonly roundDelayMs?: number;
}

/** How many event ids of earlier, failed deliveries are remembered as already accepted. */
const REMEMBERED_IDS = 10_000;

/**
 * Sends a delivery in batches. Entries the service rejected retryably (throttled, internal error)
 * are sent again, alone, a few times; what is left then fails the delivery, retryably if any of it
 * could still succeed. The ids of events accepted by a failed delivery are remembered, so the
 * dispatcher's retry of the same events sends only the rest.
 */
export class BatchSender {
  readonly #send: SendBatch;
  readonly #options: BatchSenderOptions;
  readonly #accepted = new Set<string>();

  constructor(send: SendBatch, options: BatchSenderOptions) {
    this.#send = send;
    this.#options = options;
  }

  async deliver(events: readonly BucketftpEvent[], signal: AbortSignal): Promise<void> {
    const { maxEntries, what, rounds = 3, roundDelayMs = 100 } = this.#options;
    let pending = events.filter((event) => !this.#accepted.has(event.id));
    const accepted: string[] = [];
    let rejected: { event: BucketftpEvent; failure: EntryFailure }[] = [];
    try {
      for (let round = 0; pending.length > 0 && round < rounds; round++) {
        if (round > 0) await delay(roundDelayMs * 2 ** (round - 1), undefined, { signal });
        const again: BucketftpEvent[] = [];
        rejected = rejected.filter((entry) => !entry.failure.retryable);
        for (let start = 0; start < pending.length; start += maxEntries) {
          const batch = pending.slice(start, start + maxEntries);
          const failures = await this.#send(batch, signal);
          const failed = new Map(failures.map((failure) => [failure.index, failure]));
          batch.forEach((event, index) => {
            const failure = failed.get(index);
            if (failure === undefined) accepted.push(event.id);
            else {
              rejected.push({ event, failure });
              if (failure.retryable) again.push(event);
            }
          });
        }
        pending = again;
      }
    } catch (error) {
      this.#remember(accepted);
      throw this.#options.toDeliveryError(error, what, signal);
    }
    if (rejected.length === 0) {
      for (const event of events) this.#accepted.delete(event.id);
      return;
    }
    this.#remember(accepted);
    const retryable = rejected.some((entry) => entry.failure.retryable);
    const codes = [...new Set(rejected.map((entry) => entry.failure.code))].join(', ');
    this.#options.logger.warn(
      {
        sink: this.#options.sinkName,
        rejected: rejected.map(({ event, failure }) => ({ id: event.id, code: failure.code, message: failure.message })),
      },
      'the service rejected events of a batch',
    );
    throw new DeliveryError(`${what}: ${rejected.length} of ${events.length} events rejected (${codes})`, { retryable });
  }

  #remember(ids: readonly string[]): void {
    for (const id of ids) {
      this.#accepted.add(id);
      if (this.#accepted.size > REMEMBERED_IDS) {
        const oldest = this.#accepted.values().next();
        if (!oldest.done) this.#accepted.delete(oldest.value);
      }
    }
  }
}
