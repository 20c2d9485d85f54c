import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../sink.js';
import { MOTO_CREDENTIALS, MOTO_REGION, startMotoForEvents, type MotoServer } from '../testing/index.js';
import { CLOSED_ENDPOINT, createQueue, receiveMessages, recordingLogger, sampleEvent, sqsClient } from './cloud.fixture.js';
import { snsSink } from './sns.js';

let moto: MotoServer;
let sqs: SQSClient;
let sns: SNSClient;

beforeAll(async () => {
  moto = await startMotoForEvents();
  sqs = sqsClient(moto.endpoint);
  sns = new SNSClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
});

afterAll(async () => {
  sqs?.destroy();
  sns?.destroy();
  await moto?.stop();
});

function createSink(options: Record<string, unknown>) {
  const config = snsSink.schema.parse({ type: 'sns', endpoint: moto.endpoint, ...MOTO_CREDENTIALS, ...options });
  return snsSink.create({ ...config, name: 'topic' }, { logger: recordingLogger() });
}

/** A topic with an SQS queue subscribed (raw delivery: the queue gets the message as published). */
async function topicWithQueue(filterPolicy?: object): Promise<{ topicArn: string; queueUrl: string }> {
  const topic = await sns.send(new CreateTopicCommand({ Name: `events-${Date.now()}-${Math.floor(Math.random() * 1e6)}` }));
  const queue = await createQueue(sqs, 'from-sns');
  const attributes: Record<string, string> = { RawMessageDelivery: 'true' };
  if (filterPolicy !== undefined) attributes.FilterPolicy = JSON.stringify(filterPolicy);
  await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes: attributes }));
  return { topicArn: topic.TopicArn ?? '', queueUrl: queue.url };
}

describe('sns sink on moto', () => {
  it('publishes each event through the topic into a subscribed queue, as its JSON', async () => {
    const { topicArn, queueUrl } = await topicWithQueue();
    const sink = createSink({ topicArn });
    // 12 events: two PublishBatch requests.
    const events = Array.from({ length: 12 }, (_, index) => sampleEvent({ path: `/in/${index}.csv` }));
    await sink.deliver(events, AbortSignal.timeout(10_000));
    const messages = await receiveMessages(sqs, queueUrl, 12);
    expect(messages.map((message) => JSON.parse(message.Body ?? '') as unknown)).toEqual(
      expect.arrayContaining(events.map((event) => JSON.parse(JSON.stringify(event)) as unknown)),
    );
    expect(messages).toHaveLength(12);
    expect(messages[0]?.MessageAttributes?.user).toEqual({ DataType: 'String', StringValue: 'alice' });
    await sink.close?.();
  });

  it('sets the attributes a subscription filter policy selects on', async () => {
    const { topicArn, queueUrl } = await topicWithQueue({ type: ['upload'], user: ['bob'] });
    const sink = createSink({ topicArn });
    const wanted = sampleEvent({ user: 'bob' });
    await sink.deliver([sampleEvent({ user: 'alice' }), wanted, sampleEvent({ user: 'bob', type: 'delete' })], AbortSignal.timeout(10_000));
    const messages = await receiveMessages(sqs, queueUrl, 2, 2_500);
    expect(messages.map((message) => (JSON.parse(message.Body ?? '') as { id: string }).id)).toEqual([wanted.id]);
  });

  it('fails without retry for a topic that does not exist', async () => {
    const sink = createSink({ topicArn: 'arn:aws:sns:us-east-1:123456789012:no-such-topic' });
    const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(10_000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ retryable: false });
    expect((failure as Error).message).toMatch(/NotFound/);
  });

  it('fails retryably when the endpoint does not answer', async () => {
    const sink = createSink({ topicArn: 'arn:aws:sns:us-east-1:123456789012:t', endpoint: CLOSED_ENDPOINT, maxAttempts: 1 });
    const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(10_000)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'DeliveryError', retryable: true });
  });

  it('refuses a topic that is not an ARN', () => {
    expect(snsSink.schema.safeParse({ type: 'sns', topicArn: 'ftp-events' }).success).toBe(false);
    expect(snsSink.schema.safeParse({ type: 'sns', topicArn: 'arn:aws:sns:eu-west-1:123456789012:ftp-events.fifo' }).success).toBe(true);
  });
});
