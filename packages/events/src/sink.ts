import type { BucketftpEvent } from './event.js';

/**
 * A destination for events. The dispatcher calls `deliver` with a batch (never concurrently for one
 * sink) and an AbortSignal that fires at the sink's timeout or on shutdown.
 *
 * `deliver` resolves when the receiver has accepted every event of the batch, and throws a
 * DeliveryError otherwise; a failure with `retryable: false` is not retried (the batch is counted as
 * failed). Any other thrown error is treated as retryable.
 */
export interface EventSink {
  readonly name: string;
  readonly type: string;
  deliver(events: readonly BucketftpEvent[], signal: AbortSignal): Promise<void>;
  close?(): Promise<void>;
}

export interface DeliveryErrorOptions {
  readonly retryable: boolean;
  readonly cause?: unknown;
  /** A receiver's Retry-After, when it sent one; the dispatcher waits at least this long. */
  readonly retryAfterMs?: number;
}

export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: DeliveryErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The logger a sink gets (pino's Logger fits). */
export interface SinkLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SinkDeps {
  readonly logger: SinkLogger;
}
