import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../sink.js';
import { MOTO_CREDENTIALS, MOTO_REGION, startMotoForEvents, type MotoServer } from '../testing/index.js';
import { CLOSED_ENDPOINT, createQueue, receiveMessages, recordingLogger, sampleEvent, sqsClient } from './cloud.fixture.js';
import { eventBridgeSink } from './eventbridge.js';

let moto: MotoServer;
let sqs: SQSClient;
let eventBridge: EventBridgeClient;

beforeAll(async () => {
  moto = await startMotoForEvents();
  sqs = sqsClient(moto.endpoint);
  eventBridge = new EventBridgeClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
});

afterAll(async () => {
  sqs?.destroy();
  eventBridge?.destroy();
  await moto?.stop();
});

function createSink(options: Record<string, unknown>) {
  const config = eventBridgeSink.schema.parse({
    type: 'eventbridge',
    endpoint: moto.endpoint,
    region: MOTO_REGION,
    ...MOTO_CREDENTIALS,
    ...options,
  });
  return eventBridgeSink.create({ ...config, name: 'bus' }, { logger: recordingLogger() });
}

/** A bus with a rule whose target is a new SQS queue. */
async function busWithRule(pattern: object): Promise<{ bus: string; queueUrl: string }> {
  const bus = `bus-${randomUUID().slice(0, 8)}`;
  await eventBridge.send(new CreateEventBusCommand({ Name: bus }));
  const queue = await createQueue(sqs, 'from-eventbridge');
  await eventBridge.send(new PutRuleCommand({ Name: 'ftp', EventBusName: bus, EventPattern: JSON.stringify(pattern) }));
  await eventBridge.send(new PutTargetsCommand({ Rule: 'ftp', EventBusName: bus, Targets: [{ Id: 'queue', Arn: queue.arn }] }));
  return { bus, queueUrl: queue.url };
}

interface Envelope {
  source: string;
  'detail-type': string;
  time: string;
  detail: unknown;
}

describe('eventbridge sink on moto', () => {
  it('puts each event on the bus with source bucketftp and its type as detail type; a rule routes it to a queue', async () => {
    const { bus, queueUrl } = await busWithRule({ source: ['bucketftp'], 'detail-type': ['upload'] });
    const sink = createSink({ eventBusName: bus });
    // 11 uploads (two PutEvents requests) and a login the rule does not match.
    const uploads = Array.from({ length: 11 }, (_, index) => sampleEvent({ path: `/in/${index}.csv` }));
    const login = sampleEvent({ type: 'login', path: undefined, storage: undefined });
    await sink.deliver([login, ...uploads], AbortSignal.timeout(10_000));

    const messages = await receiveMessages(sqs, queueUrl, 11);
    messages.push(...(await receiveMessages(sqs, queueUrl, 1, 1_000))); // the login: not routed
    const envelopes = messages.map((message) => JSON.parse(message.Body ?? '') as Envelope);
    expect(envelopes).toHaveLength(11);
    expect(envelopes.map((envelope) => envelope.detail)).toEqual(
      expect.arrayContaining(uploads.map((event) => JSON.parse(JSON.stringify(event)) as unknown)),
    );
    expect(envelopes[0]).toMatchObject({ source: 'bucketftp', 'detail-type': 'upload', time: '2026-12-05T08:00:00Z' });
    await sink.close?.();
  });

  it('lets a rule match on the detail (the user) and uses the configured source', async () => {
    const { bus, queueUrl } = await busWithRule({ source: ['acme.ftp'], detail: { user: ['bob'] } });
    const sink = createSink({ eventBusName: bus, source: 'acme.ftp' });
    const wanted = sampleEvent({ user: 'bob' });
    await sink.deliver([sampleEvent({ user: 'alice' }), wanted], AbortSignal.timeout(10_000));
    const messages = await receiveMessages(sqs, queueUrl, 2, 2_500);
    expect(messages.map((message) => (JSON.parse(message.Body ?? '') as { detail: { id: string } }).detail.id)).toEqual([wanted.id]);
  });

  it('fails without retry for a bus that does not exist', async () => {
    const sink = createSink({ eventBusName: 'no-such-bus' });
    const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(10_000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ retryable: false });
    expect((failure as Error).message).toMatch(/ResourceNotFound/);
  });

  it('fails retryably when the endpoint does not answer', async () => {
    const sink = createSink({ endpoint: CLOSED_ENDPOINT, maxAttempts: 1 });
    const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(10_000)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'DeliveryError', retryable: true });
  });

  it('defaults to the default bus and the source bucketftp', () => {
    expect(eventBridgeSink.schema.parse({ type: 'eventbridge' })).toMatchObject({ eventBusName: 'default', source: 'bucketftp' });
  });
});
