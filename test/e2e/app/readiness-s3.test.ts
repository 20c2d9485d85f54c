/**
 * /readyz against a real S3 emulator. Readiness is the replica's (listening, not draining), never a
 * tenant's: a user whose bucket does not exist, or an S3 endpoint that is gone, leaves /readyz at
 * 200 (every replica leaving the load balancer would be an outage for all users) while the body and
 * a gauge per backend report the backend's state. The user of a missing bucket gets 550, not a
 * "try later" 451, and the log says so once, not on every command.
 */
import { join } from 'node:path';
import { Client, FTPError } from 'basic-ftp';
import { createBucket, motoClient, startMoto, type MotoServer } from '@bucketftp/storage-s3/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writePatternFile } from '../support/files.js';
import { baseConfig, eventually, freePorts, httpGet, sample, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

const MISSING_BUCKET = 'bucket-that-was-deleted';

async function failedCode(operation: Promise<unknown>): Promise<unknown> {
  return await operation.then(
    () => 'succeeded',
    (error: unknown) => (error instanceof FTPError ? error.message : error),
  );
}

describe('readiness of an S3 backend', () => {
  let dir: string;
  let ports: Ports;
  let moto: MotoServer | undefined;
  let app: RunningApp | undefined;
  let bucket: string;

  beforeAll(async () => {
    dir = await makeTempDir('app-ready-s3');
    ports = await freePorts();
    moto = await startMoto();
    const s3 = motoClient(moto.endpoint);
    try {
      bucket = await createBucket(s3, 'ready');
    } finally {
      s3.destroy();
    }
    await writeJson(join(dir, 'config.yaml'), {
      ...baseConfig(ports, { http: { readyCacheMs: 200, pingTimeoutMs: 2000 } }),
      defaults: {
        s3: {
          bucket,
          endpoint: moto.endpoint,
          forcePathStyle: true,
          credentials: { accessKeyId: { env: 'E2E_S3_KEY_ID' }, secretAccessKey: { env: 'E2E_S3_SECRET' } },
        },
      },
      users: [
        { username: 'cloudy', passwordHash: await testHash('cloudy-pw'), storage: { driver: 's3', prefix: 'users/cloudy' } },
        { username: 'orphan', passwordHash: await testHash('orphan-pw'), storage: { driver: 's3', bucket: MISSING_BUCKET, prefix: 'users/orphan' } },
      ],
    });
    app = await startApp(join(dir, 'config.yaml'), { env: { E2E_S3_KEY_ID: 'test', E2E_S3_SECRET: 'test' } });
  });
  afterAll(async () => {
    expect(await app?.stop()).toBe(0);
    await moto?.stop();
    await removeDir(dir);
  });

  it('is ready while the bucket answers, and serves files from it', async () => {
    const ready = await httpGet(ports.http, '/readyz');
    expect(ready.status, ready.text).toBe(200);
    await writePatternFile(join(dir, 'up.bin'), 70_000, 'ready-s3');
    const client = new Client(20_000);
    try {
      await client.access({ host: '127.0.0.1', port: ports.ftp, user: 'cloudy', password: 'cloudy-pw' });
      await client.uploadFrom(join(dir, 'up.bin'), 'up.bin');
      expect((await client.list()).map((entry) => entry.name)).toEqual(['up.bin']);
    } finally {
      client.close();
    }
    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_storage_operation_duration_seconds_count{driver="s3",operation="write",outcome="ok"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_storage_operation_duration_seconds_count{driver="s3",operation="ping",outcome="ok"}')).toBeGreaterThanOrEqual(1);
  });

  it("stays ready with one tenant's bucket missing; that user gets 550, logged once for the backend", async () => {
    const ready = await httpGet(ports.http, '/readyz');
    expect(ready.status, ready.text).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ready',
      ready: true,
      listening: true,
      draining: false,
      backends: expect.arrayContaining([
        { backend: expect.stringContaining(`s3 bucket "${bucket}"`), users: 1, state: 'ok' },
        { backend: expect.stringContaining(`s3 bucket "${MISSING_BUCKET}"`), users: 1, state: 'missing', error: 'S3 bucket does not exist' },
      ]),
    });
    const metrics = (await httpGet(ports.http, '/metrics')).text;
    const gauge = (name: string) => sample(metrics, `bucketftp_storage_backend_up{backend="s3 bucket \\"${name}\\" at ${moto!.endpoint}"}`);
    expect(gauge(bucket)).toBe(1);
    expect(gauge(MISSING_BUCKET)).toBe(0);

    await writePatternFile(join(dir, 'orphan.bin'), 1000, 'orphan');
    const client = new Client(20_000);
    try {
      await client.access({ host: '127.0.0.1', port: ports.ftp, user: 'orphan', password: 'orphan-pw' });
      for (let attempt = 0; attempt < 3; attempt++) {
        expect(await failedCode(client.list())).toBe('550 Storage is not available for this account.');
      }
      expect(await failedCode(client.uploadFrom(join(dir, 'orphan.bin'), 'orphan.bin'))).toBe('550 Storage is not available for this account.');
    } finally {
      client.close();
    }
    // Failed commands stay at info (one line per transfer, as for any refusal); the operator's
    // attention is called once, for the backend.
    const alarms = app!.logs().filter((line) => (line.level ?? 0) >= 40);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ msg: 'storage backend does not exist; its users are refused with 550', backend: expect.stringContaining(MISSING_BUCKET), state: 'missing' });
  });

  it('stays ready once the S3 endpoint is gone, reporting the bucket unreachable', async () => {
    await moto!.stop();
    moto = undefined;
    const report = await eventually(async () => {
      const answer = await httpGet(ports.http, '/readyz');
      expect(answer.status, answer.text).toBe(200);
      const body = answer.json<{ backends: { backend: string; state: string }[] }>();
      return body.backends.find((entry) => entry.backend.includes(`"${bucket}"`) && entry.state === 'unavailable') ? body : undefined;
    }, '/readyz to report the S3 backend unreachable');
    expect(report).toMatchObject({
      status: 'ready',
      ready: true,
      backends: expect.arrayContaining([
        { backend: expect.stringContaining(`s3 bucket "${bucket}" at http://127.0.0.1:`), users: 1, state: 'unavailable', error: 'S3 bucket not reachable' },
      ]),
    });
    expect((await httpGet(ports.http, '/healthz')).status).toBe(200);
    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_errors_total{source="storage",kind="unavailable"}')).toBeGreaterThanOrEqual(1);
    const unreachable = (line: { msg?: string; backend?: unknown }) =>
      line.msg === 'storage backend unreachable; its users get 451' && String(line.backend).includes(`"${bucket}"`);
    await app!.waitForLog(unreachable);
    expect(app!.logs().filter(unreachable)).toHaveLength(1);
  });
});
