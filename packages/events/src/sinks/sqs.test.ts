import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../sink.js';
import { MOTO_CREDENTIALS, MOTO_REGION, startMotoForEvents, type MotoServer } from '../testing/index.js';
import { CLOSED_ENDPOINT, createQueue, receiveMessages, recordingLogger, sampleEvent, sqsClient } from './cloud.fixture.js';
import { regionOfQueueUrl, sqsSink } from './sqs.js';

let moto: MotoServer;
let client: SQSClient;

beforeAll(async () => {
  moto = await startMotoForEvents();
  client = sqsClient(moto.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

function createSink(options: Record<string, unknown>) {
  const config = sqsSink.schema.parse({ type: 'sqs', endpoint: moto.endpoint, region: MOTO_REGION, ...MOTO_CREDENTIALS, ...options });
  return sqsSink.create({ ...config, name: 'queue' }, { logger: recordingLogger() });
}

describe('sqs sink on moto', () => {
  it('puts each event into the queue as its JSON, with type, result and user attributes', async () => {
    const queue = await createQueue(client, 'events');
    const sink = createSink({ queueUrl: queue.url });
    // 23 events: three SendMessageBatch requests of at most ten.
    const events = Array.from({ length: 23 }, (_, index) => sampleEvent({ path: `/in/${index}.csv` }));
    events[0] = sampleEvent({ type: 'login', user: null, result: 'failed', path: undefined, storage: undefined });
    await sink.deliver(events, AbortSignal.timeout(10_000));

    const messages = await receiveMessages(client, queue.url, 23);
    expect(messages).toHaveLength(23);
    const bodies = messages.map((message) => JSON.parse(message.Body ?? '') as unknown);
    expect(bodies).toEqual(expect.arrayContaining(events.map((event) => JSON.parse(JSON.stringify(event)) as unknown)));
    const upload = messages.find((message) => message.Body?.includes(events[5]!.id));
    expect(upload?.MessageAttributes).toEqual({
      type: { DataType: 'String', StringValue: 'upload' },
      result: { DataType: 'String', StringValue: 'ok' },
      user: { DataType: 'String', StringValue: 'alice' },
    });
    // A failed login by no known user has no user attribute (SQS refuses empty values).
    const login = messages.find((message) => message.Body?.includes(events[0]!.id));
    expect(Object.keys(login?.MessageAttributes ?? {}).sort()).toEqual(['result', 'type']);
    await sink.close?.();
  });

  it('sends a FIFO queue the group id and the event id as deduplication id', async () => {
    const queue = await createQueue(client, 'events', true);
    const sink = createSink({ queueUrl: queue.url, messageGroupId: 'ftp' });
    const event = sampleEvent();
    await sink.deliver([event], AbortSignal.timeout(10_000));
    // The dispatcher's retry of an accepted event is dropped by the queue's deduplication.
    await sink.deliver([event], AbortSignal.timeout(10_000));
    const messages = await receiveMessages(client, queue.url, 2, 2_500);
    expect(messages.map((message) => JSON.parse(message.Body ?? '') as unknown)).toEqual([JSON.parse(JSON.stringify(event))]);
    await sink.close?.();
  });

  it('fails without retry for a queue that does not exist', async () => {
    const sink = createSink({ queueUrl: `${moto.endpoint}/123456789012/no-such-queue` });
    const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(10_000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ retryable: false });
    expect((failure as Error).message).toMatch(/QueueDoesNotExist|NonExistentQueue/);
  });

  it('fails retryably when the endpoint does not answer', async () => {
    const sink = createSink({ queueUrl: `${CLOSED_ENDPOINT}/123456789012/q`, endpoint: CLOSED_ENDPOINT, maxAttempts: 1 });
    const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(10_000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ retryable: true });
  });

  it('fails retryably when the attempt is aborted', async () => {
    const queue = await createQueue(client, 'events');
    const sink = createSink({ queueUrl: queue.url });
    const failure = await sink.deliver([sampleEvent()], AbortSignal.abort()).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'DeliveryError', retryable: true });
  });
});

describe('sqs sink configuration', () => {
  it('takes the region from the queue URL', () => {
    expect(regionOfQueueUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/q')).toBe('eu-west-1');
    expect(regionOfQueueUrl('https://ap-southeast-2.queue.amazonaws.com/123456789012/q')).toBe('ap-southeast-2');
    expect(regionOfQueueUrl('http://127.0.0.1:4566/123456789012/q')).toBeUndefined();
  });

  it('refuses unknown keys and a queue URL that is not one', () => {
    expect(sqsSink.schema.safeParse({ type: 'sqs', queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q', queue: 'x' }).success).toBe(false);
    expect(sqsSink.schema.safeParse({ type: 'sqs', queueUrl: 'my-queue' }).success).toBe(false);
  });
});
