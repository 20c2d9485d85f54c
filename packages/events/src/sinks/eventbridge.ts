/**
 * The eventbridge sink: each event is one EventBridge event with the source `bucketftp` (or the
 * configured one), the detail type of the event's type (`upload`, `login`, …) and the event's JSON
 * as its detail, so rules match on `detail.user`, `detail.path` and the like. Deliveries go out as
 * PutEvents requests of up to ten entries.
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type * as EventBridge from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import type { BucketftpEvent } from '../event.js';
import type { EventSink, SinkLogger } from '../sink.js';
import { awsClientConfig, awsConnectionFields, awsCredentialsPaired, awsCredentialsProblem, awsDeliveryError, isRetryableEntry, regionOfArn } from './aws.js';
import { BatchSender, type EntryFailure } from './batches.js';
import { commonSinkFields } from './common.js';
import { defineSink } from './definition.js';
import { LazyClient } from './lazy-client.js';

/** PutEvents takes at most ten entries. */
const MAX_ENTRIES = 10;

const eventBridgeSchema = z.strictObject({
  type: z.literal('eventbridge'),
  ...commonSinkFields,
  ...awsConnectionFields,
  /** The event bus, by name or ARN (default: the account's default bus). */
  eventBusName: z.string().regex(/^[A-Za-z0-9/._:-]{1,1600}$/, 'an event bus name or ARN').default('default'),
  /** The events' Source, which rules match on. */
  source: z.string().regex(/^[A-Za-z0-9._/-]{1,256}$/, 'letters, digits and . _ / -').default('bucketftp'),
}).refine(awsCredentialsPaired, awsCredentialsProblem);

export type EventBridgeSinkConfig = z.output<typeof eventBridgeSchema>;

/** The PutEvents entry of one event. */
export function eventBridgeEntry(event: BucketftpEvent, eventBusName: string, source: string): PutEventsRequestEntry {
  return { EventBusName: eventBusName, Source: source, DetailType: event.type, Detail: JSON.stringify(event), Time: new Date(event.time) };
}

export class EventBridgeSink implements EventSink {
  readonly type = 'eventbridge';
  readonly name: string;
  readonly #sdk: LazyClient<{ client: EventBridge.EventBridgeClient; sdk: typeof EventBridge }>;
  readonly #sender: BatchSender;

  constructor(config: EventBridgeSinkConfig & { name: string }, logger: SinkLogger) {
    this.name = config.name;
    const { eventBusName, source } = config;
    const region = eventBusName.startsWith('arn:') ? regionOfArn(eventBusName) : undefined;
    this.#sdk = new LazyClient(async () => {
      const sdk = await import('@aws-sdk/client-eventbridge');
      return { client: new sdk.EventBridgeClient(awsClientConfig(config, region)), sdk };
    });
    const send = async (batch: readonly BucketftpEvent[], signal: AbortSignal): Promise<EntryFailure[]> => {
      const entries = batch.map((event) => eventBridgeEntry(event, eventBusName, source));
      const { client, sdk } = await this.#sdk.get();
      const output = await client.send(new sdk.PutEventsCommand({ Entries: entries }), { abortSignal: signal });
      if (!output.FailedEntryCount) return [];
      // The result entries are in the order of the request's; one without a result counts as failed.
      const results = output.Entries ?? [];
      const failures: EntryFailure[] = [];
      batch.forEach((_, index) => {
        const entry = results[index];
        if (entry !== undefined && entry.ErrorCode === undefined) return;
        const code = entry?.ErrorCode ?? 'NoResult';
        failures.push({
          index,
          code,
          ...(entry?.ErrorMessage === undefined ? {} : { message: entry.ErrorMessage }),
          retryable: code === 'NoResult' || isRetryableEntry(code, undefined),
        });
      });
      return failures;
    };
    this.#sender = new BatchSender(send, { maxEntries: MAX_ENTRIES, what: `EventBridge bus ${eventBusName}`, toDeliveryError: awsDeliveryError, sinkName: config.name, logger });
  }

  deliver(events: readonly BucketftpEvent[], signal: AbortSignal): Promise<void> {
    return this.#sender.deliver(events, signal);
  }

  async close(): Promise<void> {
    await this.#sdk.close(({ client }) => client.destroy());
  }
}

export const eventBridgeSink = defineSink({
  schema: eventBridgeSchema,
  create: (config, deps) => new EventBridgeSink(config, deps.logger),
});
