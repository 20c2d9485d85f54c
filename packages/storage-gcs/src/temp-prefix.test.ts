/**
 * Temporaries live under one bucket-wide prefix, whatever the user's prefix: every object the
 * driver creates during STOR, APPE and a resume (REST + STOR) is either the target or under that
 * prefix (so a bucket notification that leaves the prefix out hears only the targets), and the
 * prefix is empty afterwards. Every request that creates an object is seen through the recording
 * proxy in front of fake-gcs-server.
 */
import type { Bucket } from '@google-cloud/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { chunksOf, digestOf, patternChunks, patternDigest, textOf } from './data.fixture.js';
import { driverOn, emptyBucket, objectNames, useProxiedGcsEmulator } from './emulator.fixture.js';
import { objectWrites } from './fault-proxy.fixture.js';
import type { GcsDriver } from './gcs-driver.js';

const gcs = useProxiedGcsEmulator();
const cleanups: Bucket[] = [];
afterEach(async () => {
  for (const bucket of cleanups.splice(0)) await emptyBucket(bucket);
});

/** Runs `operation` and returns the names of the objects it created, in order. */
async function createdDuring(operation: () => Promise<unknown>): Promise<string[]> {
  const log = gcs.proxy().requests;
  const first = log.length;
  await operation();
  return objectWrites(log.slice(first)).map((write) => write.name);
}

async function uploadEveryWay(driver: GcsDriver, bucket: Bucket, tempRoot: string, home: string): Promise<void> {
  const only = (target: string) => (name: string) => name === `${home}${target}` || name.startsWith(tempRoot);
  const created = await createdDuring(() => driver.write('/f', patternChunks(0, 300_000)));
  const stor = await createdDuring(() => driver.write('/f', patternChunks(0, 300_000)));
  const appe = await createdDuring(() => driver.write('/f', chunksOf(' and more'), { mode: { kind: 'append' } }));
  const resume = await createdDuring(() => driver.write('/f', patternChunks(100_000, 200_000), { mode: { kind: 'resume', offset: 100_000 } }));
  const fresh = await createdDuring(() => driver.write('/g', chunksOf('appended to nothing'), { mode: { kind: 'append' } }));

  // A new file straight onto its name; replacing it, an upload and its commit; an upload and a
  // compose; a head, an upload and a compose.
  expect(created).toEqual([`${home}f`]);
  expect(stor.map((name) => name.startsWith(tempRoot))).toEqual([true, false]);
  expect(appe.map((name) => name.startsWith(tempRoot))).toEqual([true, false]);
  expect(resume.map((name) => name.startsWith(tempRoot))).toEqual([true, true, false]);
  for (const name of [...stor, ...appe, ...resume]) expect(only('f')(name), name).toBe(true);
  for (const name of fresh) expect(only('g')(name), name).toBe(true);

  expect(await objectNames(bucket)).toEqual([`${home}f`, `${home}g`]);
  expect(await objectNames(bucket, tempRoot)).toEqual([]);
  expect(await digestOf(await driver.read('/f'))).toEqual(await patternDigest([0, 200_000]));
  expect(await textOf(await driver.read('/g'))).toBe('appended to nothing');
}

describe('one bucket-wide prefix for temporaries', () => {
  it('keeps every temporary under .bucketftp-tmp/ at the bucket root, outside the user prefix, and empties it', async () => {
    const { driver, bucket } = await driverOn(gcs, { prefix: 'home/alice', directUploadMaxBytes: 0 });
    cleanups.push(bucket);
    await uploadEveryWay(driver, bucket, '.bucketftp-tmp/', 'home/alice/');
  });

  it('uses a configured prefix the same way', async () => {
    const { driver, bucket } = await driverOn(gcs, { prefix: 'home/alice', tempPrefix: 'system/ftp-tmp/', directUploadMaxBytes: 0 });
    cleanups.push(bucket);
    await uploadEveryWay(driver, bucket, 'system/ftp-tmp/', 'home/alice/');
  });

  it('creates no temporary for a file sent whole nor for a new one just over the limit, and one to replace that', async () => {
    const { driver, bucket } = await driverOn(gcs, { prefix: 'home/alice', directUploadMaxBytes: 300_000 });
    cleanups.push(bucket);
    expect(await createdDuring(() => driver.write('/small', patternChunks(0, 300_000)))).toEqual(['home/alice/small']);
    expect(await createdDuring(() => driver.write('/big', patternChunks(0, 300_001)))).toEqual(['home/alice/big']);
    const replaced = await createdDuring(() => driver.write('/big', patternChunks(0, 300_001)));
    expect(replaced.map((name) => name.startsWith('.bucketftp-tmp/'))).toEqual([true, false]);
    expect(await objectNames(bucket)).toEqual(['home/alice/big', 'home/alice/small']);
    expect(await digestOf(await driver.read('/small'))).toEqual(await patternDigest([0, 300_000]));
    expect(await digestOf(await driver.read('/big'))).toEqual(await patternDigest([0, 300_001]));
  });

  it('hides the prefix from, and refuses it to, a user at the bucket root', async () => {
    const { driver, bucket } = await driverOn(gcs);
    cleanups.push(bucket);
    await bucket.file('.bucketftp-tmp/upload-in-progress').save('x', { resumable: false });
    await driver.write('/f', chunksOf('a file'));
    const names: string[] = [];
    for await (const entry of driver.list('/')) names.push(entry.name);
    expect(names).toEqual(['f']);
    await expect(driver.mkdir('/.bucketftp-tmp')).rejects.toMatchObject({ kind: 'invalid-name' });
    await expect(driver.read('/.bucketftp-tmp/upload-in-progress')).rejects.toMatchObject({ kind: 'invalid-name' });
  });
});
