/**
 * Events through the built CLI and a YAML configuration: a real HTTP receiver on 127.0.0.1 gets one
 * signed event per committed upload (STOR, APPE, REST + STOR), none for a reset upload, the other
 * file events and logins; a 503 is retried; a receiver that hangs fills the bounded queue, whose
 * overflow is dropped and counted while FTP transfers keep their speed; SIGTERM delivers what is
 * queued (retries included) within the grace period, drops and counts the rest, and exits 0.
 */
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventSchema, type BucketftpEvent } from '@bucketftp/events';
import { TestReceiver } from '@bucketftp/events/testing';
import { ControlClient, upload } from '@bucketftp/server/testing';
import { makeTempDir, removeDir, writePatternFile } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import { requireTool } from '../support/tools.js';
import { baseConfig, eventually, freePorts, httpGet, sample, startApp, testHash, type Ports, type RunningApp } from './support/app.js';

const SECRET = 'e2e-webhook-secret-0123456789';
const PASSWORD = 'events-pw';

describe('events through the CLI', () => {
  let dir: string;
  let ports: Ports;
  let receiver: TestReceiver;
  let app: RunningApp | undefined;
  let curlPath: string;

  beforeEach(async () => {
    curlPath = requireTool('curl');
    dir = await makeTempDir('app-events');
    ports = await freePorts();
    receiver = await TestReceiver.start();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await receiver.close();
    await removeDir(dir);
  });

  /** The base configuration as YAML, then the events block as an operator would write it. */
  async function start(sinkExtra = ''): Promise<RunningApp> {
    const base = stringify({
      ...baseConfig(ports),
      users: [{ username: 'ingest', passwordHash: await testHash(PASSWORD), storage: { driver: 'fs', root: './home' } }],
    });
    const events = ['events:', '  sinks:', '    - type: webhook', `      url: ${receiver.url}`, '      secret: { env: WEBHOOK_SECRET }', sinkExtra]
      .filter((line) => line !== '')
      .join('\n');
    await writeFile(join(dir, 'config.yaml'), `${base}${events}\n`);
    app = await startApp(join(dir, 'config.yaml'), { env: { WEBHOOK_SECRET: SECRET } });
    return app;
  }

  async function curl(...args: string[]): Promise<void> {
    const result = await runProgram(curlPath, ['--silent', '--show-error', '--max-time', '30', '--user', `ingest:${PASSWORD}`, ...args], { timeoutMs: 40_000 });
    expect(result.code, describeRun(result)).toBe(0);
  }

  const url = (path: string) => `ftp://127.0.0.1:${ports.ftp}${path}`;

  async function login(): Promise<ControlClient> {
    const client = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    await client.login('ingest', PASSWORD);
    expect((await client.command('TYPE I')).code).toBe(200);
    return client;
  }

  function eventsOf(type: string): BucketftpEvent[] {
    return receiver.events.filter((event) => event.type === type);
  }

  it('announces every committed file once, signed, with the FTP user, client address and where the bytes live', async () => {
    await start();
    const source = join(dir, 'a.bin');
    await writePatternFile(source, 300_000, 'events-a');
    await curl('--ftp-create-dirs', '-T', source, url('/in/a.bin'));
    await curl('--append', '-T', source, url('/in/a.bin'));
    const client = await login();
    expect((await client.command('REST 100000')).code).toBe(350);
    await upload(client, 'STOR /in/a.bin', Buffer.alloc(1000, 1));
    await curl('-o', join(dir, 'copy.bin'), url('/in/a.bin'));
    await curl('-Q', 'RNFR /in/a.bin', '-Q', 'RNTO /in/b.bin', '-Q', 'DELE /in/b.bin', url('/'));
    const failed = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    await failed.command('USER ingest');
    expect((await failed.command('PASS wrong')).code).toBe(530);
    failed.destroy();
    client.destroy();

    await eventually(async () => (eventsOf('delete').length === 1 && eventsOf('login').some((event) => event.result === 'failed') ? true : undefined), 'the delete and failed login events');
    const uploads = eventsOf('upload');
    expect(uploads.map((event) => [event.path, event.size])).toEqual([
      ['/in/a.bin', 300_000],
      ['/in/a.bin', 600_000],
      ['/in/a.bin', 101_000],
    ]);
    const file = join(dir, 'home', 'in', 'a.bin');
    for (const event of uploads) {
      expect(event).toMatchObject({ version: 1, result: 'ok', user: 'ingest', clientAddress: '127.0.0.1', tls: false });
      expect(event.storage).toEqual({ driver: 'fs', key: file, url: pathToFileURL(file).href });
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
      expect(Date.parse(event.time)).not.toBeNaN();
    }
    expect(eventsOf('mkdir').map((event) => event.path)).toEqual(['/in']);
    expect(eventsOf('download').map((event) => [event.path, event.size])).toEqual([['/in/a.bin', 101_000]]);
    expect(eventsOf('rename').map((event) => [event.oldPath, event.path])).toEqual([['/in/a.bin', '/in/b.bin']]);
    expect(eventsOf('rename')[0]!.oldStorage?.url).toBe(pathToFileURL(file).href);
    expect(eventsOf('login').filter((event) => event.result === 'failed').map((event) => event.user)).toEqual(['ingest']);
    for (const event of receiver.events) expect(eventSchema.safeParse(event).error).toBeUndefined();
    const ids = receiver.events.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const request of receiver.requests) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`;
      expect(request.headers['x-bucketftp-signature']).toBe(expected);
    }
    // The receiver has the last batch a moment before the server has its answer.
    const metrics = await eventually(async () => {
      const text = (await httpGet(ports.http, '/metrics')).text;
      return sample(text, 'bucketftp_events_delivered_total{sink="webhook"}') === receiver.events.length ? text : undefined;
    }, 'every event counted as delivered');
    expect(sample(metrics, 'bucketftp_events_total{type="upload"}')).toBe(3);
  });

  it('sends no event for an upload reset before its commit, and retries a 503', async () => {
    await start('      retryBaseDelayMs: 50');
    receiver.script.push(503);
    const client = await login();
    const { port } = await client.passive('EPSV');
    const data = connect({ host: '127.0.0.1', port });
    data.on('error', () => undefined);
    await once(data, 'connect');
    expect((await client.command('STOR reset.bin')).code).toBe(150);
    await new Promise<void>((resolve) => data.write(Buffer.alloc(200_000, 7), () => resolve()));
    data.resetAndDestroy();
    expect((await client.reply()).code).toBe(426);
    await upload(client, 'STOR after.bin', Buffer.alloc(10, 2));
    client.destroy();

    await eventually(async () => (eventsOf('upload').length > 0 && receiver.requests.length >= 2 ? true : undefined), 'the upload event and a retry');
    // The first request was answered 503 and sent again, the same batch with the same event ids.
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
    const uploads = new Map(eventsOf('upload').map((event) => [event.id, event.path]));
    expect([...uploads.values()]).toEqual(['/after.bin']);
    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_events_retried_total{sink="webhook"}')).toBeGreaterThanOrEqual(1);
  });

  it('drops and counts events when the receiver hangs and the queue is full, while transfers keep their speed', async () => {
    await start(['      maxQueue: 3', '      batchSize: 1', '      timeoutMs: 60000'].join('\n'));
    const big = join(dir, 'big.bin');
    await writePatternFile(big, 32 * 1024 * 1024, 'events-big');
    const timedUpload = async (name: string): Promise<number> => {
      const started = performance.now();
      await curl('-T', big, url(`/${name}`));
      return performance.now() - started;
    };
    await timedUpload('warm-up.bin');
    const before = await timedUpload('before.bin');
    await eventually(async () => (eventsOf('upload').length === 2 ? true : undefined), 'the first upload events');

    receiver.fallback = 'hang';
    const client = await login();
    for (let i = 0; i < 20; i++) await upload(client, `STOR small-${i}.bin`, Buffer.alloc(100, i));
    client.destroy();
    const during = await timedUpload('during.bin');
    const dropped = await eventually(async () => {
      const value = sample((await httpGet(ports.http, '/metrics')).text, 'bucketftp_events_dropped_total{sink="webhook",reason="queue-full"}');
      return value !== undefined && value > 0 ? value : undefined;
    }, 'dropped events');
    // Produced after the receiver hung: 20 small uploads, the big one and two logins; one in flight, three queued.
    expect(dropped).toBeGreaterThanOrEqual(15);
    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_events_queue_depth{sink="webhook"}')).toBe(4);
    await app!.waitForLog((line) => line.msg === 'event queue full: events dropped');
    console.log(`32 MiB STOR with a healthy receiver: ${before.toFixed(0)} ms; with a hung receiver and a full queue: ${during.toFixed(0)} ms`);
    expect(during).toBeLessThan(Math.max(before * 3, before + 1_500));

    // SIGTERM: the queue gets what is left of the grace period, then the rest is dropped and the process exits 0.
    const started = performance.now();
    expect(await app!.stop()).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(app!.logs().some((line) => line.msg === 'events not delivered before shutdown')).toBe(true);
  });

  it('on SIGTERM keeps delivering, retries included, within the grace period before it exits 0', async () => {
    // The first attempt hangs until its 1 s timeout; the retry comes during the drain.
    await start(['      timeoutMs: 1000', '      retryBaseDelayMs: 50', '      events: [upload]'].join('\n'));
    receiver.script.push('hang');
    const client = await login();
    await upload(client, 'STOR last.bin', Buffer.alloc(10, 1));
    client.destroy();
    await receiver.waitForRequests(1);
    expect(await app!.stop()).toBe(0);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.events.map((event) => event.path)).toEqual(['/last.bin', '/last.bin']);
    expect(app!.logs().some((line) => line.msg === 'events not delivered before shutdown')).toBe(false);
  });
});
