/**
 * Events through the built CLI to a cloud queue: a YAML configuration whose sink is `sqs` on moto
 * (credentials given as `{ env: NAME }`), an upload with curl, and the queue holds one event with
 * the FTP user and the client address, its JSON as the body and `type`/`user` attributes.
 */
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventSchema, type BucketftpEvent } from '@bucketftp/events';
import { MOTO_CREDENTIALS, MOTO_REGION, startMotoForEvents, type MotoServer } from '@bucketftp/events/testing';
import { makeTempDir, removeDir, writePatternFile } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import { requireTool } from '../support/tools.js';
import { baseConfig, eventually, freePorts, httpGet, sample, startApp, testHash, type Ports, type RunningApp } from './support/app.js';

const PASSWORD = 'events-cloud-pw';

describe('events through the CLI to SQS on moto', () => {
  let moto: MotoServer;
  let sqs: SQSClient;
  let dir: string;
  let ports: Ports;
  let app: RunningApp | undefined;

  beforeAll(async () => {
    moto = await startMotoForEvents();
    sqs = new SQSClient({ endpoint: moto.endpoint, region: MOTO_REGION, credentials: { ...MOTO_CREDENTIALS } });
  });
  afterAll(async () => {
    sqs?.destroy();
    await moto?.stop();
  });
  beforeEach(async () => {
    dir = await makeTempDir('app-events-cloud');
    ports = await freePorts();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await removeDir(dir);
  });

  async function receive(queueUrl: string): Promise<Message[]> {
    const output = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
    return output.Messages ?? [];
  }

  it('puts one event per upload into the queue, with the FTP user and the client address', async () => {
    const curlPath = requireTool('curl');
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `ftp-events-${ports.ftp}` }))).QueueUrl ?? '';
    const base = stringify({
      ...baseConfig(ports),
      users: [{ username: 'ingest', passwordHash: await testHash(PASSWORD), storage: { driver: 'fs', root: './home' } }],
    });
    const events = [
      'events:',
      '  sinks:',
      '    - type: sqs',
      `      queueUrl: ${queueUrl}`,
      `      endpoint: ${moto.endpoint}`,
      `      region: ${MOTO_REGION}`,
      '      accessKeyId: { env: EVENTS_ACCESS_KEY_ID }',
      '      secretAccessKey: { env: EVENTS_SECRET_ACCESS_KEY }',
      '      events: [upload]',
    ].join('\n');
    await writeFile(join(dir, 'config.yaml'), `${base}${events}\n`);
    app = await startApp(join(dir, 'config.yaml'), {
      env: { EVENTS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, EVENTS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey },
    });

    const source = join(dir, 'report.csv');
    await writePatternFile(source, 70_000, 'events-cloud');
    const result = await runProgram(
      curlPath,
      ['--silent', '--show-error', '--max-time', '30', '--user', `ingest:${PASSWORD}`, '--ftp-create-dirs', '-T', source, `ftp://127.0.0.1:${ports.ftp}/in/report.csv`],
      { timeoutMs: 40_000 },
    );
    expect(result.code, describeRun(result)).toBe(0);

    const messages = await eventually(async () => {
      const received = await receive(queueUrl);
      return received.length > 0 ? received : undefined;
    }, 'the upload event in the queue');
    // The login and mkdir events were filtered out by `events: [upload]`; nothing else arrives.
    messages.push(...(await receive(queueUrl)));
    expect(messages).toHaveLength(1);
    const event = JSON.parse(messages[0]!.Body ?? '') as BucketftpEvent;
    expect(eventSchema.safeParse(event).error).toBeUndefined();
    expect(event).toMatchObject({ type: 'upload', result: 'ok', user: 'ingest', clientAddress: '127.0.0.1', path: '/in/report.csv', size: 70_000 });
    expect(messages[0]!.MessageAttributes).toMatchObject({
      type: { DataType: 'String', StringValue: 'upload' },
      user: { DataType: 'String', StringValue: 'ingest' },
    });
    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_events_delivered_total{sink="sqs"}')).toBe(1);
  });
});
