/** Shared by the sqs, sns, eventbridge and pubsub tests: events, a quiet logger, an SQS reader. */
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import type { BucketftpEvent } from '../event.js';
import type { SinkLogger } from '../sink.js';
import { MOTO_CREDENTIALS, MOTO_REGION } from '../testing/index.js';

export function sampleEvent(overrides: Partial<BucketftpEvent> = {}): BucketftpEvent {
  return {
    version: 1,
    id: randomUUID(),
    type: 'upload',
    time: '2026-12-05T08:00:00.000Z',
    result: 'ok',
    user: 'alice',
    sessionId: 's-1',
    clientAddress: '203.0.113.7',
    tls: true,
    path: '/in/report.csv',
    size: 1234,
    durationMs: 56,
    storage: { driver: 's3', bucket: 'ftp', key: 'alice/in/report.csv', url: 's3://ftp/alice/in/report.csv' },
    ...overrides,
  };
}

export interface RecordedLogger extends SinkLogger {
  readonly warnings: { obj: object; msg?: string }[];
}

export function recordingLogger(): RecordedLogger {
  const warnings: { obj: object; msg?: string }[] = [];
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => void warnings.push({ obj, ...(msg === undefined ? {} : { msg }) }),
    error: () => undefined,
  };
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
}

/** Creates a queue with a fresh name; returns its URL and ARN. */
export async function createQueue(client: SQSClient, prefix: string, fifo = false): Promise<{ url: string; arn: string }> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}${fifo ? '.fifo' : ''}`;
  const attributes: Record<string, string> = fifo ? { FifoQueue: 'true' } : {};
  const created = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const url = created.QueueUrl ?? '';
  const described = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: described.Attributes?.QueueArn ?? '' };
}

/** Receives messages until `count` arrived or `timeoutMs` passed (then returns what arrived). */
export async function receiveMessages(client: SQSClient, queueUrl: string, count: number, timeoutMs = 5_000): Promise<Message[]> {
  const messages: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (messages.length < count && Date.now() < deadline) {
    const output = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
    );
    messages.push(...(output.Messages ?? []));
  }
  return messages;
}

/** An address nothing listens on: a delivery there fails as the network does. */
export const CLOSED_ENDPOINT = 'http://127.0.0.1:9';
