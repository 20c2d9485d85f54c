import { PubSub, type Message } from '@google-cloud/pubsub';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../sink.js';
import { startPubSubEmulator, type PubSubEmulator } from '../testing/index.js';
import { recordingLogger, sampleEvent } from './cloud.fixture.js';
import { isRetryablePubSubError, pubSubSink } from './pubsub.js';

let emulator: PubSubEmulator;
let admin: PubSub;

beforeAll(async () => {
  emulator = await startPubSubEmulator();
  admin = new PubSub({ apiEndpoint: emulator.host, projectId: emulator.projectId });
}, 120_000);

afterAll(async () => {
  await admin?.close();
  await emulator?.stop();
});

function createSink(options: Record<string, unknown>) {
  const config = pubSubSink.schema.parse({ type: 'pubsub', apiEndpoint: emulator.host, ...options });
  return pubSubSink.create({ ...config, name: 'pubsub' }, { logger: recordingLogger() });
}

/** A topic with one subscription; returns the topic's path and the subscription. */
async function topicWithSubscription(filter?: string) {
  const id = `events-${randomUUID().slice(0, 8)}`;
  const [topic] = await admin.createTopic(id);
  const [subscription] = await topic.createSubscription(`${id}-sub`, filter === undefined ? {} : { filter });
  return { topicPath: `projects/${emulator.projectId}/topics/${id}`, subscription };
}

/** Pulls until `count` messages arrived or `timeoutMs` passed. */
async function pull(subscription: Awaited<ReturnType<typeof topicWithSubscription>>['subscription'], count: number, timeoutMs = 5_000) {
  const messages: Message[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    subscription.on('message', (message: Message) => {
      message.ack();
      messages.push(message);
      if (messages.length >= count) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await subscription.close();
  return messages;
}

describe('pubsub sink on the Pub/Sub emulator', () => {
  it('publishes each event as its JSON with type, result and user attributes; it arrives on a subscription', async () => {
    const { topicPath, subscription } = await topicWithSubscription();
    const sink = createSink({ topic: topicPath });
    const events = Array.from({ length: 5 }, (_, index) => sampleEvent({ path: `/in/${index}.csv` }));
    await sink.deliver(events, AbortSignal.timeout(10_000));

    const messages = await pull(subscription, 5);
    expect(messages.map((message) => JSON.parse(message.data.toString()) as unknown)).toEqual(
      expect.arrayContaining(events.map((event) => JSON.parse(JSON.stringify(event)) as unknown)),
    );
    expect(messages).toHaveLength(5);
    expect(messages[0]?.attributes).toEqual({ type: 'upload', result: 'ok', user: 'alice' });
    await sink.close?.();
  });

  it('takes a topic id with projectId', async () => {
    const { topicPath, subscription } = await topicWithSubscription();
    const sink = createSink({ topic: topicPath.split('/').at(-1), projectId: emulator.projectId });
    const event = sampleEvent({ type: 'login', path: undefined, storage: undefined });
    await sink.deliver([event], AbortSignal.timeout(10_000));
    const messages = await pull(subscription, 1);
    expect((JSON.parse(messages[0]?.data.toString() ?? '{}') as { id: string }).id).toBe(event.id);
    await sink.close?.();
  });

  it('fails without retry for a topic that does not exist', async () => {
    const sink = createSink({ topic: `projects/${emulator.projectId}/topics/no-such-topic` });
    const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(10_000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ retryable: false });
    expect((failure as Error).message).toMatch(/NOT_FOUND/);
    await sink.close?.();
  });

  it('fails retryably when the emulator does not answer before the attempt ends', async () => {
    const sink = createSink({ topic: 'projects/test-project/topics/events', apiEndpoint: '127.0.0.1:9', timeoutMs: 1_000 });
    const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(1_500)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'DeliveryError', retryable: true });
    await sink.close?.();
  });
});

describe('pubsub sink configuration', () => {
  it('accepts a topic path or a topic id, nothing else', () => {
    expect(pubSubSink.schema.safeParse({ type: 'pubsub', topic: 'projects/acme-prod/topics/ftp-events' }).success).toBe(true);
    expect(pubSubSink.schema.safeParse({ type: 'pubsub', topic: 'ftp-events' }).success).toBe(true);
    expect(pubSubSink.schema.safeParse({ type: 'pubsub', topic: 'projects/acme/subscriptions/x' }).success).toBe(false);
  });

  it('takes a service account key as JSON, and refuses what is not one', () => {
    const key = JSON.stringify({ type: 'service_account', client_email: 'ftp@acme.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----' });
    expect(pubSubSink.schema.safeParse({ type: 'pubsub', topic: 'ftp-events', credentialsJson: key }).success).toBe(true);
    expect(pubSubSink.schema.safeParse({ type: 'pubsub', topic: 'ftp-events', credentialsJson: '{"client_email":"x"}' }).success).toBe(false);
    expect(pubSubSink.schema.safeParse({ type: 'pubsub', topic: 'ftp-events', credentialsJson: 'not json' }).success).toBe(false);
  });

  it('classifies gRPC statuses', () => {
    expect(isRetryablePubSubError(Object.assign(new Error('x'), { code: 14 }))).toBe(true); // UNAVAILABLE
    expect(isRetryablePubSubError(Object.assign(new Error('x'), { code: 8 }))).toBe(true); // RESOURCE_EXHAUSTED
    expect(isRetryablePubSubError(Object.assign(new Error('x'), { code: 5 }))).toBe(false); // NOT_FOUND
    expect(isRetryablePubSubError(Object.assign(new Error('x'), { code: 7 }))).toBe(false); // PERMISSION_DENIED
    expect(isRetryablePubSubError(new Error('Could not load the default credentials.'))).toBe(false);
  });
});
