/**
 * The AWS sinks against moto with its IAM checks on: a user without permissions is refused
 * (AccessDenied) and an unknown access key is too (InvalidClientTokenId); neither is retried. (moto
 * answers SQS and EventBridge auth errors in XML, which their JSON-protocol SDK clients cannot read:
 * there the 403 alone is what the sinks see.)
 */
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSink } from '../sink.js';
import { MOTO_CREDENTIALS, MOTO_REGION, startMotoForEvents, type MotoServer } from '../testing/index.js';
import { createQueue, recordingLogger, sampleEvent, sqsClient } from './cloud.fixture.js';
import { eventBridgeSink } from './eventbridge.js';
import { snsSink } from './sns.js';
import { sqsSink } from './sqs.js';

let moto: MotoServer;
let sqs: SQSClient;
let queueUrl: string;
let topicArn: string;
const bus = 'ftp-events';
let powerless: { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  moto = await startMotoForEvents();
  const options = { endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } };
  sqs = sqsClient(moto.endpoint);
  queueUrl = (await createQueue(sqs, 'guarded')).url;
  const sns = new SNSClient(options);
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'guarded' }))).TopicArn ?? '';
  const eventBridge = new EventBridgeClient(options);
  await eventBridge.send(new CreateEventBusCommand({ Name: bus }));
  const iam = new IAMClient(options);
  await iam.send(new CreateUserCommand({ UserName: 'no-permissions' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-permissions' }))).AccessKey;
  powerless = { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
  for (const client of [sns, eventBridge, iam]) client.destroy();
  // From now on moto checks every request's credentials and IAM policies.
  const answer = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '0' });
  expect(answer.ok).toBe(true);
});

afterAll(async () => {
  sqs?.destroy();
  await moto?.stop();
});

function sinks(credentials: { accessKeyId: string; secretAccessKey: string }): EventSink[] {
  const common = { endpoint: moto.endpoint, region: MOTO_REGION, ...credentials, maxAttempts: 1 };
  const deps = { logger: recordingLogger() };
  return [
    sqsSink.create({ ...sqsSink.schema.parse({ type: 'sqs', queueUrl, ...common }), name: 'sqs' }, deps),
    snsSink.create({ ...snsSink.schema.parse({ type: 'sns', topicArn, ...common }), name: 'sns' }, deps),
    eventBridgeSink.create({ ...eventBridgeSink.schema.parse({ type: 'eventbridge', eventBusName: bus, ...common }), name: 'eventbridge' }, deps),
  ];
}

describe('AWS sinks refused by IAM (moto)', () => {
  it('does not retry a user without permissions (AccessDenied)', async () => {
    for (const sink of sinks(powerless)) {
      const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(10_000)).catch((error: unknown) => error);
      expect(failure, sink.type).toMatchObject({ name: 'DeliveryError', retryable: false });
      expect((failure as Error).message, sink.type).toMatch(/AccessDenied|HTTP 403/);
    }
  });

  it('does not retry an unknown access key', async () => {
    for (const sink of sinks({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'unknown' })) {
      const failure = await sink.deliver([sampleEvent()], AbortSignal.timeout(10_000)).catch((error: unknown) => error);
      expect(failure, sink.type).toMatchObject({ name: 'DeliveryError', retryable: false });
      expect((failure as Error).message, sink.type).toMatch(/HTTP 403/);
    }
  });
});
