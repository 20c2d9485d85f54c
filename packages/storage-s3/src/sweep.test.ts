/**
 * Aborting multipart uploads left by a crash, against moto. moto reports one fixed `Initiated`
 * (2010-11-10) for every upload, so "fresh" is played by an age longer than that date is old.
 */
import { CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { useMoto } from './test-support.fixture.js';

const moto = useMoto();
const DAY_MS = 24 * 60 * 60 * 1000;

describe('S3Driver.sweepLeftovers', () => {
  it('aborts multipart uploads under its own prefix once older than the age, never younger ones or other prefixes', async () => {
    const { client, bucket, driver, multipartUploads } = await moto.bucket();
    const start = (key: string) => client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    await start('home/alice/crashed.bin');
    await start('home/alice/deep/crashed-too.bin');
    await start('home/bob/crashed.bin'); // another user's prefix
    const keys = async () => ((await multipartUploads()) as { Key?: string }[]).map((upload) => upload.Key).sort();

    const alice = driver({ prefix: 'home/alice' });
    expect(await alice.sweepLeftovers(100 * 365 * DAY_MS)).toBe(0); // younger than the age: kept
    expect(await keys()).toHaveLength(3);
    expect(await alice.sweepLeftovers(DAY_MS)).toBe(2);
    expect(await keys()).toEqual(['home/bob/crashed.bin']);
  });
});
