import { z } from 'zod';
import { EVENT_TYPES } from '../event.js';

/**
 * The fields every sink's configuration has besides its own: a name, filters, and the delivery
 * queue's settings. A sink's schema spreads these into its strictObject:
 *
 *   z.strictObject({ type: z.literal('webhook'), ...commonSinkFields, url: ... })
 */
export const commonSinkFields = {
  /** Names the sink in logs and metrics (default: the type, with a number when repeated). */
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only').max(64).optional(),
  /** Only these event types (default: all). */
  events: z.array(z.enum(EVENT_TYPES)).min(1).optional(),
  /** Only events of these FTP users (default: everyone). */
  users: z.array(z.string().min(1)).min(1).optional(),
  /**
   * Only events whose virtual path (or, for rename, either path) matches one of these globs:
   * `*` matches within one path segment, `**` across segments, `?` one character. Login events
   * have no path and never pass a path filter.
   */
  paths: z.array(z.string().startsWith('/', 'a glob of absolute virtual paths (starts with /)')).min(1).optional(),
  /** Events waiting for this sink; when full, new events are dropped (logged and counted). */
  maxQueue: z.int().min(1).max(1_000_000).default(10_000),
  /** Events handed to the sink in one delivery. */
  batchSize: z.int().min(1).max(1_000).default(10),
  /**
   * How long a delivery waits for more events to fill its batch (0: send at once). Fewer, fuller
   * requests cost the server less CPU when many small files arrive.
   */
  batchWindowMs: z.int().min(0).max(60_000).default(100),
  /** Each delivery attempt is aborted after this long. */
  timeoutMs: z.int().min(100).max(300_000).default(10_000),
  /** Retries after a retryable failure (0: none), with exponential backoff and full jitter. */
  retries: z.int().min(0).max(100).default(5),
  retryBaseDelayMs: z.int().min(1).max(600_000).default(500),
  retryMaxDelayMs: z.int().min(1).max(3_600_000).default(30_000),
} as const;

export const commonSinkSchema = z.object(commonSinkFields);
export type CommonSinkConfig = z.infer<typeof commonSinkSchema>;
