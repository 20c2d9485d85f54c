import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { motoClient, startMoto } from './moto.js';

describe('startMoto', () => {
  const saved = { dir: process.env.BUCKETFTP_MOTO_DIR, ci: process.env.CI };
  afterEach(() => {
    for (const [name, value] of [['BUCKETFTP_MOTO_DIR', saved.dir], ['CI', saved.ci]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('starts a server on 127.0.0.1 that answers S3 requests, and stops it', async () => {
    const moto = await startMoto();
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = motoClient(moto.endpoint);
    try {
      expect((await client.send(new ListBucketsCommand({}))).$metadata.httpStatusCode).toBe(200);
    } finally {
      client.destroy();
      await moto.stop();
    }
    await expect(fetch(`${moto.endpoint}/`)).rejects.toThrow();
  });

  it('fails, telling how to install it, when moto is missing', async () => {
    process.env.BUCKETFTP_MOTO_DIR = '/nonexistent/moto';
    delete process.env.CI;
    await expect(startMoto()).rejects.toThrow(/sudo scripts\/emulators\/moto\/install\.sh/);
  });

  it('fails under CI=true when moto is missing', async () => {
    process.env.BUCKETFTP_MOTO_DIR = '/nonexistent/moto';
    process.env.CI = 'true';
    await expect(startMoto()).rejects.toThrow(/not installed in \/nonexistent\/moto; CI must install it/);
  });
});
