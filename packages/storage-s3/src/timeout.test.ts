/**
 * A backend that stops answering mid-upload: moto is paused (SIGSTOP) while parts are in flight.
 * The write must fail as `unavailable` once requests make no progress for requestTimeoutMs (each
 * SDK attempt bounded), instead of waiting for as long as the pause lasts; once moto runs again,
 * no multipart upload is left and the previous object is intact.
 */
import { GetObjectCommand, ListMultipartUploadsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isStorageError } from '@bucketftp/storage';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Driver } from './s3-driver.js';
import { pattern } from './test-support.fixture.js';
import { createBucket, motoClient, startMoto, type MotoServer } from './testing/moto.js';

const MIB = 1024 * 1024;
const REQUEST_TIMEOUT_MS = 1000;
/** 3 SDK attempts of the stalled part, then 3 of the abort, each bounded; the rest is headroom for a loaded machine. */
const REPLY_BOUND_MS = 6 * REQUEST_TIMEOUT_MS + 30_000;

describe('S3 request timeout', () => {
  let moto: MotoServer;
  let client: S3Client;

  beforeAll(async () => {
    moto = await startMoto();
    client = motoClient(moto.endpoint);
  });
  afterAll(async () => {
    client.destroy();
    await moto.stop();
  });

  it('fails a write as unavailable when the backend hangs, and leaves nothing behind once it is back', async () => {
    const bucket = await createBucket(client);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'file.bin', Body: 'the previous version' }));
    const driver = new S3Driver({
      bucket,
      endpoint: moto.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      partSizeBytes: 5 * MIB,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    let pausedAt = 0;
    async function* pausingSource(): AsyncGenerator<Uint8Array> {
      yield* pattern(0, 12 * MIB);
      process.kill(moto.pid, 'SIGSTOP');
      pausedAt = performance.now();
      yield* pattern(12 * MIB, 20 * MIB);
    }
    try {
      const failure = await driver.write('/file.bin', pausingSource()).then(
        () => undefined,
        (error: unknown) => error,
      );
      const waitedMs = performance.now() - pausedAt;
      expect(isStorageError(failure, 'unavailable'), String(failure)).toBe(true);
      expect((failure as Error).message).not.toMatch(/smithy|socket|timed out/i);
      expect(waitedMs).toBeLessThan(REPLY_BOUND_MS);
    } finally {
      process.kill(moto.pid, 'SIGCONT');
      await driver.close();
    }
    // The requests the paused emulator had queued (the abort included) are served now.
    const deadline = Date.now() + 30_000;
    let uploads = (await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
    while (uploads.length > 0 && Date.now() < deadline) {
      await sleep(200);
      uploads = (await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
    }
    expect(uploads).toEqual([]);
    const previous = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'file.bin' }));
    expect(await previous.Body?.transformToString()).toBe('the previous version');
  }, 120_000);
});
