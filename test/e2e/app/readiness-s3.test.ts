/**
 * /readyz against a real S3 emulator: a user on an S3 bucket (credentials from the environment, the
 * endpoint and bucket from `defaults.s3`) makes the server ready while moto answers; once moto is
 * stopped, /readyz turns 503 and names the bucket that cannot be reached.
 */
import { join } from 'node:path';
import { Client } from 'basic-ftp';
import { createBucket, motoClient, startMoto, type MotoServer } from '@bucketftp/storage-s3/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writePatternFile } from '../support/files.js';
import { baseConfig, eventually, freePorts, httpGet, sample, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

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
      users: [{ username: 'cloudy', passwordHash: await testHash('cloudy-pw'), storage: { driver: 's3', prefix: 'users/cloudy' } }],
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

  it('turns unready, naming the bucket, once the S3 endpoint is gone', async () => {
    await moto!.stop();
    moto = undefined;
    const unready = await eventually(async () => {
      const answer = await httpGet(ports.http, '/readyz');
      return answer.status === 503 ? answer : undefined;
    }, '/readyz to report the S3 backend unreachable');
    expect(unready.json()).toMatchObject({
      status: 'unready',
      ready: false,
      draining: false,
      backends: 1,
      failed: [{ backend: expect.stringContaining(`s3 bucket "${bucket}" at http://127.0.0.1:`), users: 1, error: 'S3 bucket not reachable' }],
    });
    expect((await httpGet(ports.http, '/healthz')).status).toBe(200);
    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_errors_total{source="storage",kind="unavailable"}')).toBeGreaterThanOrEqual(1);
  });
});
