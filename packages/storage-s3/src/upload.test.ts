/** Streaming uploads on moto: bounded buffers, single PUT vs multipart, discard and keep. */
import { AbortMultipartUploadCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { isStorageError } from '@bucketftp/storage';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { MIB } from './limits.js';
import { chunks, pattern, sha256, thenAbort, thenFail, useMoto } from './test-support.fixture.js';

const moto = useMoto();

describe('streamed uploads', () => {
  it('sends a source shorter than one part as a single PutObject', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    expect(await driver.write('/small', pattern(0, 5 * MIB - 1))).toEqual({ size: 5 * MIB - 1, etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
    expect(bucket.uploads[0]).toMatchObject({ parts: 0, committed: true });
    expect(await sha256(await driver.read('/small'))).toEqual(await sha256(pattern(0, 5 * MIB - 1)));
  });

  it.each([
    { maxPartsInFlight: 4, uploadBufferBytes: 64 * MIB, bound: 5 * 5 * MIB }, // (4 + 1) × 5 MiB
    { maxPartsInFlight: 4, uploadBufferBytes: 12 * MIB, bound: 12 * MIB }, // the budget binds
    { maxPartsInFlight: 1, uploadBufferBytes: 64 * MIB, bound: 2 * 5 * MIB },
  ])(
    'holds at most min((maxPartsInFlight + 1) × part, max(budget, part)) bytes: $maxPartsInFlight in flight, budget $uploadBufferBytes',
    async ({ maxPartsInFlight, uploadBufferBytes, bound }) => {
      const bucket = await moto.bucket();
      const driver = bucket.driver({ maxPartsInFlight, uploadBufferBytes });
      const size = 31 * MIB + 17;
      const written = await driver.write('/big', pattern(0, size));
      const [stats] = bucket.uploads;
      expect(stats?.parts).toBe(7); // six full 5 MiB parts and a 1 MiB tail
      expect(stats?.peakBufferedBytes).toBeGreaterThanOrEqual(5 * MIB);
      expect(stats?.peakBufferedBytes).toBeLessThanOrEqual(bound);
      expect(await sha256(await driver.read('/big'))).toEqual(await sha256(pattern(0, size)));
      const head = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.bucket, Key: 'big' }));
      expect(head.ETag).toMatch(/-7"$/);
      expect(written).toEqual({ size, etag: head.ETag });
    },
  );

  it('reports the version id on a versioned bucket, and locates paths as keys under the prefix', async () => {
    const bucket = await moto.bucket();
    await bucket.client.send(new PutBucketVersioningCommand({ Bucket: bucket.bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const driver = bucket.driver({ prefix: 'home/alice' });
    const written = await driver.write('/v.txt', pattern(0, 10));
    const head = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.bucket, Key: 'home/alice/v.txt' }));
    expect(written).toEqual({ size: 10, etag: head.ETag, versionId: head.VersionId });
    expect(driver.locate('/in/a b.txt')).toEqual({ driver: 's3', bucket: bucket.bucket, key: 'home/alice/in/a b.txt', url: `s3://${bucket.bucket}/home/alice/in/a b.txt` });
    expect(driver.locate('/in', 'dir').key).toBe('home/alice/in/');
  });

  it('uses bigger parts when a size hint announces a big file', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    // 200 GiB over 10,000 parts: 20.48 MiB, rounded up to 21 MiB per part.
    await driver.write('/hinted', pattern(0, 30 * MIB), { sizeHint: 200 * 1024 * MIB });
    expect(bucket.uploads[0]).toMatchObject({ parts: 2, committed: true });
    expect(bucket.uploads[0]?.peakBufferedBytes).toBeLessThanOrEqual(64 * MIB);
  });

  it('reads a multipart object from an offset inside a later part', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/big', pattern(0, 12 * MIB));
    const offset = 11 * MIB + 5;
    expect(await sha256(await driver.read('/big', { offset }))).toEqual(await sha256(pattern(offset, 12 * MIB)));
    expect(await sha256(await driver.read('/big', { offset: 12 * MIB }))).toEqual({ sha256: expect.any(String), size: 0 });
  });
});

describe('failed multipart uploads', () => {
  const original = 'the previous object';

  it('stores nothing when a check that ran beside the upload fails, whatever the policy', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.mkdir('/d');
    for (const partial of ['discard', 'keep'] as const) {
      await expect(driver.write('/missing/f', pattern(0, 12 * MIB), { partial })).rejects.toMatchObject({ kind: 'not-found' });
      await expect(driver.write('/d', pattern(0, 12 * MIB), { partial })).rejects.toMatchObject({ kind: 'is-a-directory' });
    }
    expect(bucket.uploads.every((stats) => !stats.committed && stats.parts === 0)).toBe(true);
    expect(await bucket.multipartUploads()).toEqual([]);
    await expect(driver.stat('/missing')).rejects.toMatchObject({ kind: 'not-found' });
    expect(await driver.stat('/d')).toMatchObject({ type: 'dir' });
  });

  it('aborts the multipart upload when the source fails, leaving the previous object', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/f', chunks(original));
    const error = new Error('connection reset');
    await expect(driver.write('/f', thenFail(pattern(0, 17 * MIB), error))).rejects.toBe(error);
    expect(bucket.uploads.at(-1)).toMatchObject({ committed: false, parts: 3 }); // the 2 MiB tail never went
    expect(await bucket.multipartUploads()).toEqual([]);
    expect(await sha256(await driver.read('/f'))).toEqual(await sha256(chunks(original)));
  });

  it('aborts the multipart upload on the abort signal, rejecting with aborted', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    const controller = new AbortController();
    const writing = driver.write('/new', thenAbort(pattern(0, 12 * MIB), controller), { signal: controller.signal });
    await expect(writing).rejects.toMatchObject({ name: 'StorageError', kind: 'aborted' });
    expect(await bucket.multipartUploads()).toEqual([]);
    await expect(driver.stat('/new')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('commits the bytes received under keep when the source fails mid-part', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    const error = new Error('connection reset');
    const received = 11 * MIB + 3; // two full parts and a tail under the 5 MiB minimum
    await expect(driver.write('/kept', thenFail(pattern(0, received), error), { partial: 'keep' })).rejects.toBe(error);
    expect(bucket.uploads[0]).toMatchObject({ committed: true, parts: 3, bytes: received });
    expect(await sha256(await driver.read('/kept'))).toEqual(await sha256(pattern(0, received)));
    expect(await bucket.multipartUploads()).toEqual([]);
  });

  it('commits the bytes received under keep on abort, still rejecting with aborted', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    const controller = new AbortController();
    const received = 7 * MIB;
    const writing = driver.write('/kept', thenAbort(pattern(0, received), controller), {
      partial: 'keep',
      signal: controller.signal,
    });
    await expect(writing).rejects.toMatchObject({ kind: 'aborted' });
    expect(await sha256(await driver.read('/kept'))).toEqual(await sha256(pattern(0, received)));
    expect(await bucket.multipartUploads()).toEqual([]);
  });

  it('discards even under keep when S3 itself fails mid-upload', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ maxPartsInFlight: 1 });
    await driver.write('/f', chunks(original));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    async function* source(): AsyncGenerator<Uint8Array> {
      yield* pattern(0, 6 * MIB); // one part goes out
      await released; // meanwhile the multipart upload disappears
      yield* pattern(6 * MIB, 16 * MIB);
    }
    const writing = driver.write('/f', source(), { partial: 'keep' });
    let uploads = [] as { Key?: string; UploadId?: string }[];
    while (uploads.length === 0) {
      await delay(10);
      uploads = (await bucket.client.send(new ListMultipartUploadsCommand({ Bucket: bucket.bucket }))).Uploads ?? [];
    }
    for (const { Key, UploadId } of uploads) {
      await bucket.client.send(new AbortMultipartUploadCommand({ Bucket: bucket.bucket, Key, UploadId }));
    }
    release();
    const failure = await writing.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStorageError(failure, 'unavailable')).toBe(true);
    expect(await sha256(await driver.read('/f'))).toEqual(await sha256(chunks(original)));
    expect(await bucket.multipartUploads()).toEqual([]);
  });
});
