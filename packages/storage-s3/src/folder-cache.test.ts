/**
 * One listing of a folder answers the checks of the uploads into it for `folderCacheMs`, on moto,
 * with the requests the driver's own client sends recorded.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { chunks, recordRequests, sha256, useMoto } from './test-support.fixture.js';

const moto = useMoto();

describe('the folder cache', () => {
  it('lists a folder once for a run of uploads into it', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.mkdir('/in');
    const sent = recordRequests(bucket.client);
    for (let index = 0; index < 5; index++) await driver.write(`/in/f${index}`, chunks(`file ${index}`));
    const commands = sent.map((request) => request.command);
    expect(commands.filter((command) => command !== 'PutObject')).toEqual(['ListObjectsV2']);
    expect(commands.filter((command) => command === 'PutObject').length).toBeGreaterThanOrEqual(5);
    expect(await sha256(await driver.read('/in/f4'))).toEqual(await sha256(chunks('file 4')));
  });

  it('sees the folders this driver makes, renames and removes at once', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ folderCacheMs: 60_000 });
    await driver.mkdir('/in');
    await driver.write('/in/first', chunks('listed'));
    await driver.mkdir('/in/sub');
    await expect(driver.write('/in/sub', chunks('x'))).rejects.toMatchObject({ kind: 'is-a-directory' });
    await driver.rename('/in/sub', '/in/moved');
    await expect(driver.write('/in/moved', chunks('x'))).rejects.toMatchObject({ kind: 'is-a-directory' });
    await driver.rmdir('/in/moved');
    await driver.write('/in/moved', chunks('a file now'));
    expect(await driver.stat('/in/moved')).toMatchObject({ type: 'file' });
    await driver.delete('/in/first');
    await driver.delete('/in/moved');
    await driver.rmdir('/in');
    await expect(driver.write('/in/again', chunks('x'))).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('sees a folder made elsewhere once the listing is older than folderCacheMs, and at once with 0', async () => {
    for (const folderCacheMs of [0, 300]) {
      const bucket = await moto.bucket();
      const driver = bucket.driver({ folderCacheMs });
      await driver.write('/listed', chunks('the root is listed now'));
      // Another replica (or tool) makes a folder the listing did not see.
      await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'other/inside', Body: 'x' }));
      if (folderCacheMs > 0) await delay(folderCacheMs + 50);
      await expect(driver.write('/other', chunks('x'))).rejects.toMatchObject({ kind: 'is-a-directory' });
    }
  });

  it('keeps no answer for a missing folder: it is checked again at the next upload', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ folderCacheMs: 60_000 });
    await expect(driver.write('/later/f', chunks('x'))).rejects.toMatchObject({ kind: 'not-found' });
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'later/', Body: '' }));
    await driver.write('/later/f', chunks('now it exists'));
    expect(await driver.stat('/later/f')).toMatchObject({ type: 'file' });
  });

  it('falls back to probing each name when the folder fills more than one page', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ listPageSize: 2 });
    await driver.mkdir('/big');
    await driver.mkdir('/big/sub');
    await driver.write('/big/a', chunks('a'));
    await driver.write('/big/b', chunks('b'));
    await expect(driver.write('/big/sub', chunks('x'))).rejects.toMatchObject({ kind: 'is-a-directory' });
    await driver.write('/big/c', chunks('c'));
    expect(await driver.stat('/big/c')).toMatchObject({ type: 'file' });
  });

  it('refuses uploads racing into a missing folder: their own keys do not make it exist', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    const results = await Promise.allSettled(Array.from({ length: 4 }, (_, index) => driver.write(`/nowhere/f${index}`, chunks(`racer ${index}`))));
    for (const result of results) expect(result).toMatchObject({ status: 'rejected', reason: { kind: 'not-found' } });
    await expect(driver.stat('/nowhere')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
