/**
 * A small STOR whose checks are still running: one PutObject conditional on a new key, undone when
 * a check fails, followed by an unconditional one when a file is being replaced. On moto, with the
 * PutObject requests the driver's own client sends recorded. The folder cache is off: with it, the
 * checks of an upload into a folder listed moments ago answer at once (folder-cache.test.ts).
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { chunks, recordRequests, sha256, useMoto, type SentRequest } from './test-support.fixture.js';

const moto = useMoto();

/** Whether each PutObject among `sent` was conditional (`If-None-Match: *`). */
function putKinds(sent: readonly SentRequest[]): ('conditional' | 'unconditional')[] {
  return sent.filter((request) => request.command === 'PutObject').map((request) => (request.input.IfNoneMatch === '*' ? 'conditional' : 'unconditional'));
}

async function keys(client: S3Client, bucket: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
}

describe('a small upload sent while its checks still run', () => {
  it('creates a new file with one conditional put', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ folderCacheMs: 0 });
    await driver.mkdir('/in');
    const sent = recordRequests(bucket.client);
    await driver.write('/in/new.txt', chunks('fresh bytes'));
    expect(putKinds(sent)).toEqual(['conditional']);
    expect(await sha256(await driver.read('/in/new.txt'))).toEqual(await sha256(chunks('fresh bytes')));
  });

  it('replaces an existing file: the conditional put is refused, an unconditional one follows', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ folderCacheMs: 0 });
    await driver.write('/f.txt', chunks('old'));
    const sent = recordRequests(bucket.client);
    await driver.write('/f.txt', chunks('new contents'));
    expect(putKinds(sent)).toEqual(['conditional', 'unconditional']);
    expect(await sha256(await driver.read('/f.txt'))).toEqual(await sha256(chunks('new contents')));
  });

  it('deletes the object it created when the parent turns out to be missing or the name a directory', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ folderCacheMs: 0 });
    await driver.mkdir('/d');
    await driver.write('/d/child', chunks('child'));
    const before = await keys(bucket.client, bucket.bucket);
    const sent = recordRequests(bucket.client);
    await expect(driver.write('/missing/f', chunks('x'))).rejects.toMatchObject({ kind: 'not-found' });
    await expect(driver.write('/d', chunks('x'))).rejects.toMatchObject({ kind: 'is-a-directory' });
    // The puts went out (and created the keys) before the checks answered; both were undone.
    expect(putKinds(sent)).toEqual(['conditional', 'conditional']);
    expect(await keys(bucket.client, bucket.bucket)).toEqual(before);
  });

  it('never deletes a file that existed beside a directory of the same name', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ folderCacheMs: 0 });
    // Another tool made `x` both a file and a directory; bucketftp refuses to write over it.
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'x', Body: 'the file' }));
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'x/inside', Body: 'below' }));
    await expect(driver.write('/x', chunks('replacement'))).rejects.toMatchObject({ kind: 'is-a-directory' });
    expect(await keys(bucket.client, bucket.bucket)).toEqual(['x', 'x/inside']);
    const { Body } = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: 'x' }));
    expect(await Body?.transformToString()).toBe('the file');
  });
});
