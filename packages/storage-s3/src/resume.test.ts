/** REST + STOR and APPE on moto: the kept head is copied server-side or read, never downloaded whole. */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { MIB } from './limits.js';
import { concat, pattern, sha256, thenFail, useMoto } from './test-support.fixture.js';

const moto = useMoto();

async function partCount(bucket: Awaited<ReturnType<typeof moto.bucket>>, key: string): Promise<number> {
  const head = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.bucket, Key: key }));
  return Number(/-(\d+)"$/.exec(head.ETag ?? '')?.[1] ?? 0);
}

describe('resume and append', () => {
  it('copies a head of 5 MiB or more with UploadPartCopy, holding none of it in memory', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/f', pattern(0, 12 * MIB));
    const offset = 7 * MIB + 1;
    const newBytes = 3 * MIB;
    const result = await driver.write('/f', pattern(offset, offset + newBytes, 4099), { mode: { kind: 'resume', offset } });
    expect(result).toMatchObject({ size: offset + newBytes });
    expect(await sha256(await driver.read('/f'))).toEqual(await sha256(pattern(0, offset + newBytes)));
    const stats = bucket.uploads.at(-1);
    expect(stats).toMatchObject({ receivedBytes: newBytes, parts: 2, committed: true }); // copied head + new tail
    expect(stats?.peakBufferedBytes).toBeLessThanOrEqual(5 * MIB); // one buffer for the new bytes only
    expect(await partCount(bucket, 'f')).toBe(2);
    expect(await bucket.multipartUploads()).toEqual([]);
  });

  it('reads a head under 5 MiB into the first part, byte-exact', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/f', pattern(0, 3 * MIB));
    const offset = MIB + 11;
    const end = offset + 6 * MIB; // head + new bytes span two parts
    await driver.write('/f', pattern(offset, end), { mode: { kind: 'resume', offset } });
    expect(await sha256(await driver.read('/f'))).toEqual(await sha256(pattern(0, end)));
    expect(bucket.uploads.at(-1)).toMatchObject({ parts: 2, receivedBytes: 6 * MIB, bytes: end });
    expect(await partCount(bucket, 'f')).toBe(2);
  });

  it('sends a small head with a few new bytes as one PutObject', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/f', pattern(0, 100_000));
    await driver.write('/f', pattern(40_000, 40_100), { mode: { kind: 'resume', offset: 40_000 } });
    expect(await sha256(await driver.read('/f'))).toEqual(await sha256(pattern(0, 40_100)));
    expect(bucket.uploads.at(-1)).toMatchObject({ parts: 0, bytes: 40_100 });
  });

  it('appends to a multipart object server-side', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/f', pattern(0, 11 * MIB));
    await driver.write('/f', pattern(11 * MIB, 11 * MIB + 100), { mode: { kind: 'append' } });
    expect(await sha256(await driver.read('/f'))).toEqual(await sha256(pattern(0, 11 * MIB + 100)));
    expect(bucket.uploads.at(-1)).toMatchObject({ receivedBytes: 100, parts: 2 });
  });

  it('truncates to the offset when no new bytes arrive', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/f', pattern(0, 9 * MIB));
    expect(await driver.write('/f', concat(), { mode: { kind: 'resume', offset: 6 * MIB } })).toMatchObject({ size: 6 * MIB });
    expect(await sha256(await driver.read('/f'))).toEqual(await sha256(pattern(0, 6 * MIB)));
  });

  it('leaves the object untouched and no upload behind when a resume fails', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/f', pattern(0, 8 * MIB));
    const error = new Error('connection reset');
    const offset = 6 * MIB;
    await expect(
      driver.write('/f', thenFail(pattern(offset, offset + 7 * MIB), error), { mode: { kind: 'resume', offset } }),
    ).rejects.toBe(error);
    expect(await sha256(await driver.read('/f'))).toEqual(await sha256(pattern(0, 8 * MIB)));
    expect(await bucket.multipartUploads()).toEqual([]);
  });

  it('keeps the copied head and the bytes received when a resume fails under keep', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/f', pattern(0, 8 * MIB));
    const error = new Error('connection reset');
    const offset = 6 * MIB;
    const received = 2 * MIB + 5;
    await expect(
      driver.write('/f', thenFail(pattern(offset, offset + received), error), { mode: { kind: 'resume', offset }, partial: 'keep' }),
    ).rejects.toBe(error);
    expect(await sha256(await driver.read('/f'))).toEqual(await sha256(pattern(0, offset + received)));
    expect(await bucket.multipartUploads()).toEqual([]);
  });

  it('rejects an offset past the end with invalid-argument', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/f', pattern(0, 10));
    await expect(driver.write('/f', concat(), { mode: { kind: 'resume', offset: 11 } })).rejects.toMatchObject({
      kind: 'invalid-argument',
    });
    await expect(driver.write('/g', concat(), { mode: { kind: 'resume', offset: 1 } })).rejects.toMatchObject({
      kind: 'invalid-argument',
    });
  });
});
