/**
 * The sqs sink: each event is one SQS message whose body is the event's JSON, with the message
 * attributes `type`, `result` and `user`. Deliveries go out as SendMessageBatch requests of up to
 * ten messages. On a FIFO queue (a URL ending in .fifo) every message carries the configured group
 * id and the event id as its deduplication id, so a retried delivery is not delivered twice.
 */
import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import type * as Sqs from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { BucketftpEvent } from '../event.js';
import type { EventSink, SinkLogger } from '../sink.js';
import { awsClientConfig, awsConnectionFields, awsCredentialsPaired, awsCredentialsProblem, awsDeliveryError, messageAttributes, refusedEntries } from './aws.js';
import { BatchSender, type EntryFailure } from './batches.js';
import { commonSinkFields } from './common.js';
import { defineSink } from './definition.js';
import { LazyClient } from './lazy-client.js';

/** SendMessageBatch takes at most ten messages. */
const MAX_ENTRIES = 10;

const sqsSchema = z.strictObject({
  type: z.literal('sqs'),
  ...commonSinkFields,
  ...awsConnectionFields,
  /** The queue's URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/ftp-events. */
  queueUrl: z.url({ protocol: /^https?$/, error: 'the queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)' }),
  /** FIFO queues only: the message group of every message (default `bucketftp`). */
  messageGroupId: z.string().regex(/^[\x21-\x7e]{1,128}$/, '1 to 128 printable ASCII characters').optional(),
}).refine(awsCredentialsPaired, awsCredentialsProblem);

export type SqsSinkConfig = z.output<typeof sqsSchema>;

/** The region in an SQS queue URL (sqs.REGION.amazonaws.com or the legacy REGION.queue.amazonaws.com). */
export function regionOfQueueUrl(queueUrl: string): string | undefined {
  const host = new URL(queueUrl).hostname;
  return /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(host)?.[1] ?? /^([a-z0-9-]+)\.queue\.amazonaws\.com(\.cn)?$/.exec(host)?.[1];
}

/** The SendMessageBatch entry of one event; `index` is its Id within the batch. */
export function sqsEntry(event: BucketftpEvent, index: number, fifoGroupId: string | undefined): SendMessageBatchRequestEntry {
  return {
    Id: String(index),
    MessageBody: JSON.stringify(event),
    MessageAttributes: messageAttributes(event),
    ...(fifoGroupId === undefined ? {} : { MessageGroupId: fifoGroupId, MessageDeduplicationId: event.id }),
  };
}

export class SqsSink implements EventSink {
  readonly type = 'sqs';
  readonly name: string;
  readonly #sdk: LazyClient<{ client: Sqs.SQSClient; sdk: typeof Sqs }>;
  readonly #sender: BatchSender;

  constructor(config: SqsSinkConfig & { name: string }, logger: SinkLogger) {
    this.name = config.name;
    this.#sdk = new LazyClient(async () => {
      const sdk = await import('@aws-sdk/client-sqs');
      return { client: new sdk.SQSClient(awsClientConfig(config, regionOfQueueUrl(config.queueUrl))), sdk };
    });
    const queueUrl = config.queueUrl;
    const fifoGroupId = queueUrl.endsWith('.fifo') ? (config.messageGroupId ?? 'bucketftp') : undefined;
    const send = async (batch: readonly BucketftpEvent[], signal: AbortSignal): Promise<EntryFailure[]> => {
      const { client, sdk } = await this.#sdk.get();
      const command = new sdk.SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((event, index) => sqsEntry(event, index, fifoGroupId)) });
      const output = await client.send(command, { abortSignal: signal });
      return refusedEntries(output.Failed);
    };
    this.#sender = new BatchSender(send, { maxEntries: MAX_ENTRIES, what: `SQS queue ${queueUrl}`, toDeliveryError: awsDeliveryError, sinkName: config.name, logger });
  }

  deliver(events: readonly BucketftpEvent[], signal: AbortSignal): Promise<void> {
    return this.#sender.deliver(events, signal);
  }

  async close(): Promise<void> {
    await this.#sdk.close(({ client }) => client.destroy());
  }
}

export const sqsSink = defineSink({
  schema: sqsSchema,
  create: (config, deps) => new SqsSink(config, deps.logger),
});
