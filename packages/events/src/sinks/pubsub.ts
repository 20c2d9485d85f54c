/**
 * The pubsub sink: each event is one Google Cloud Pub/Sub message whose data is the event's JSON,
 * with the attributes `type`, `result` and `user` for subscription filters. A delivery is published
 * as one batch (up to 1000 messages); no ordering key is set.
 */
import type { ClientConfig, PubSub, Topic } from '@google-cloud/pubsub';
import { z } from 'zod';
import type { BucketftpEvent } from '../event.js';
import { DeliveryError, type EventSink, type SinkLogger } from '../sink.js';
import { eventAttributes } from './attributes.js';
import { BatchSender, type EntryFailure } from './batches.js';
import { commonSinkFields } from './common.js';
import { defineSink } from './definition.js';
import { LazyClient } from './lazy-client.js';

/** Pub/Sub takes at most 1000 messages in one publish request. */
const MAX_ENTRIES = 1000;

const TOPIC_ID = /^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/;
const TOPIC_PATH = /^projects\/([a-z][a-z0-9.:-]{3,61}[a-z0-9])\/topics\/([A-Za-z][A-Za-z0-9._~+%-]{2,254})$/;

const pubSubSchema = z.strictObject({
  type: z.literal('pubsub'),
  ...commonSinkFields,
  /** The topic: `projects/PROJECT/topics/TOPIC`, or a topic id in `projectId`'s project. */
  topic: z.string().refine((topic) => TOPIC_PATH.test(topic) || TOPIC_ID.test(topic), 'projects/PROJECT/topics/TOPIC or a topic id'),
  /** Default: the project in `topic`, else the credentials' or GOOGLE_CLOUD_PROJECT's. */
  projectId: z.string().min(1).optional(),
  /**
   * Another endpoint, as host:port: a private endpoint, or the emulator (127.0.0.1:8085), which is
   * spoken to without TLS or credentials. PUBSUB_EMULATOR_HOST does the same.
   */
  apiEndpoint: z.string().regex(/^(https?:\/\/)?[A-Za-z0-9.[\]:-]+(:\d+)?\/?$/, 'host:port').optional(),
  /** A service account key file; default: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, the metadata server). */
  keyFilename: z.string().min(1).optional(),
  /** A service account key's JSON given inline (in the app's configuration: `{ env: NAME }` or `{ file: PATH }`). */
  credentialsJson: z.string().refine(isServiceAccountKey, 'the JSON of a service account key (client_email, private_key)').optional(),
});

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
}

function parseKey(json: string): ServiceAccountKey | undefined {
  try {
    const key = JSON.parse(json) as Partial<ServiceAccountKey> | null;
    if (typeof key?.client_email === 'string' && typeof key.private_key === 'string') return { client_email: key.client_email, private_key: key.private_key };
  } catch {
    // not JSON
  }
  return undefined;
}

function isServiceAccountKey(json: string): boolean {
  return parseKey(json) !== undefined;
}

export type PubSubSinkConfig = z.output<typeof pubSubSchema>;

// gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html) another attempt may
// fix: CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE.
const RETRYABLE_STATUS = new Set([1, 2, 4, 8, 10, 13, 14]);
const STATUS_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  12: 'UNIMPLEMENTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

/** The gRPC status of a Pub/Sub failure, as a name ('NOT_FOUND'), or the error's name. */
export function pubSubErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return STATUS_NAMES[code] ?? `status ${code}`;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'Error';
}

/** Whether another attempt may succeed where `error` failed. */
export function isRetryablePubSubError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // NOT_FOUND (no such topic), PERMISSION_DENIED, UNAUTHENTICATED, INVALID_ARGUMENT, … stay failed.
  if (typeof code === 'number') return RETRYABLE_STATUS.has(code);
  // Application Default Credentials found nowhere: configuration, not a passing failure.
  if (error instanceof Error && /default credentials|could not load the default credentials/i.test(error.message)) return false;
  if (error instanceof TypeError) return false;
  return true;
}

function pubSubDeliveryError(error: unknown, what: string, signal: AbortSignal): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (signal.aborted) return new DeliveryError(`${what}: timed out or aborted`, { retryable: true, cause: error });
  return new DeliveryError(`${what}: ${pubSubErrorCode(error)}`, { retryable: isRetryablePubSubError(error), cause: error });
}

/** Resolves with `promise`, or rejects when `signal` fires first. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The client settings for a sink's configuration. */
export function pubSubClientConfig(config: PubSubSinkConfig): ClientConfig {
  const projectId = config.projectId ?? TOPIC_PATH.exec(config.topic)?.[1];
  return {
    ...(projectId === undefined ? {} : { projectId }),
    ...(config.apiEndpoint === undefined ? {} : { apiEndpoint: config.apiEndpoint }),
    ...(config.keyFilename === undefined ? {} : { keyFilename: config.keyFilename }),
    ...(config.credentialsJson === undefined ? {} : { credentials: parseKey(config.credentialsJson) }),
  };
}

/** The topic as logs name it: `projects/PROJECT/topics/TOPIC`, or the bare id while the project comes from the credentials. */
export function topicName(config: Pick<PubSubSinkConfig, 'topic' | 'projectId'>): string {
  if (TOPIC_PATH.test(config.topic) || config.projectId === undefined) return config.topic;
  return `projects/${config.projectId}/topics/${config.topic}`;
}

export class PubSubSink implements EventSink {
  readonly type = 'pubsub';
  readonly name: string;
  readonly #topic: LazyClient<{ client: PubSub; topic: Topic }>;
  readonly #sender: BatchSender;

  constructor(config: PubSubSinkConfig & { name: string }, logger: SinkLogger) {
    this.name = config.name;
    this.#topic = new LazyClient(async () => {
      const { PubSub } = await import('@google-cloud/pubsub');
      const client = new PubSub(pubSubClientConfig(config));
      const topic = client.topic(config.topic, {
        // Each delivery is flushed at once; the library's own retries end with the attempt's timeout.
        batching: { maxMessages: MAX_ENTRIES, maxMilliseconds: 10 },
        gaxOpts: { timeout: config.timeoutMs },
      });
      return { client, topic };
    });
    const send = async (batch: readonly BucketftpEvent[], signal: AbortSignal): Promise<EntryFailure[]> => {
      const { topic } = await unlessAborted(this.#topic.get(), signal);
      const published = batch.map((event) =>
        topic.publishMessage({ data: Buffer.from(JSON.stringify(event)), attributes: eventAttributes(event) }),
      );
      const results = await unlessAborted(Promise.allSettled(published), signal);
      const failures: EntryFailure[] = [];
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') return;
        // The whole batch failed for one reason (one request): report it as the delivery's error.
        if (failures.length === 0 && results.every((other) => other.status === 'rejected')) throw result.reason;
        failures.push({ index, code: pubSubErrorCode(result.reason), retryable: isRetryablePubSubError(result.reason) });
      });
      return failures;
    };
    this.#sender = new BatchSender(send, {
      maxEntries: MAX_ENTRIES,
      what: `Pub/Sub topic ${topicName(config)}`,
      toDeliveryError: pubSubDeliveryError,
      sinkName: config.name,
      logger,
      // The library already retried each request until the attempt's timeout.
      rounds: 1,
    });
  }

  deliver(events: readonly BucketftpEvent[], signal: AbortSignal): Promise<void> {
    return this.#sender.deliver(events, signal);
  }

  async close(): Promise<void> {
    await this.#topic.close(async ({ client, topic }) => {
      await topic.flush().catch(() => undefined);
      await client.close();
    });
  }
}

export const pubSubSink = defineSink({
  schema: pubSubSchema,
  create: (config, deps) => new PubSubSink(config, deps.logger),
});
