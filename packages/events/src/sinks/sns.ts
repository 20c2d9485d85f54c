/**
 * The sns sink: each event is one SNS message whose body is the event's JSON, with the message
 * attributes `type`, `result` and `user` for subscription filter policies. Deliveries go out as
 * PublishBatch requests of up to ten messages. On a FIFO topic (an ARN ending in .fifo) every
 * message carries the configured group id and the event id as its deduplication id.
 */
import type { PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type * as Sns from '@aws-sdk/client-sns';
import { z } from 'zod';
import type { BucketftpEvent } from '../event.js';
import type { EventSink, SinkLogger } from '../sink.js';
import { awsClientConfig, awsConnectionFields, awsCredentialsPaired, awsCredentialsProblem, awsDeliveryError, messageAttributes, regionOfArn, refusedEntries } from './aws.js';
import { BatchSender, type EntryFailure } from './batches.js';
import { commonSinkFields } from './common.js';
import { defineSink } from './definition.js';
import { LazyClient } from './lazy-client.js';

/** PublishBatch takes at most ten messages. */
const MAX_ENTRIES = 10;

const snsSchema = z.strictObject({
  type: z.literal('sns'),
  ...commonSinkFields,
  ...awsConnectionFields,
  /** The topic's ARN, e.g. arn:aws:sns:eu-west-1:123456789012:ftp-events. */
  topicArn: z.string().regex(/^arn:[a-z-]+:sns:[a-z0-9-]*:\d*:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, 'a topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)'),
  /** FIFO topics only: the message group of every message (default `bucketftp`). */
  messageGroupId: z.string().regex(/^[\x21-\x7e]{1,128}$/, '1 to 128 printable ASCII characters').optional(),
}).refine(awsCredentialsPaired, awsCredentialsProblem);

export type SnsSinkConfig = z.output<typeof snsSchema>;

/** The PublishBatch entry of one event; `index` is its Id within the batch. */
export function snsEntry(event: BucketftpEvent, index: number, fifoGroupId: string | undefined): PublishBatchRequestEntry {
  return {
    Id: String(index),
    Message: JSON.stringify(event),
    MessageAttributes: messageAttributes(event),
    ...(fifoGroupId === undefined ? {} : { MessageGroupId: fifoGroupId, MessageDeduplicationId: event.id }),
  };
}

export class SnsSink implements EventSink {
  readonly type = 'sns';
  readonly name: string;
  readonly #sdk: LazyClient<{ client: Sns.SNSClient; sdk: typeof Sns }>;
  readonly #sender: BatchSender;

  constructor(config: SnsSinkConfig & { name: string }, logger: SinkLogger) {
    this.name = config.name;
    this.#sdk = new LazyClient(async () => {
      const sdk = await import('@aws-sdk/client-sns');
      return { client: new sdk.SNSClient(awsClientConfig(config, regionOfArn(config.topicArn))), sdk };
    });
    const topicArn = config.topicArn;
    const fifoGroupId = topicArn.endsWith('.fifo') ? (config.messageGroupId ?? 'bucketftp') : undefined;
    const send = async (batch: readonly BucketftpEvent[], signal: AbortSignal): Promise<EntryFailure[]> => {
      const entries = batch.map((event, index) => snsEntry(event, index, fifoGroupId));
      const { client, sdk } = await this.#sdk.get();
      const output = await client.send(new sdk.PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }), { abortSignal: signal });
      return refusedEntries(output.Failed);
    };
    this.#sender = new BatchSender(send, { maxEntries: MAX_ENTRIES, what: `SNS topic ${topicArn}`, toDeliveryError: awsDeliveryError, sinkName: config.name, logger });
  }

  deliver(events: readonly BucketftpEvent[], signal: AbortSignal): Promise<void> {
    return this.#sender.deliver(events, signal);
  }

  async close(): Promise<void> {
    await this.#sdk.close(({ client }) => client.destroy());
  }
}

export const snsSink = defineSink({
  schema: snsSchema,
  create: (config, deps) => new SnsSink(config, deps.logger),
});
