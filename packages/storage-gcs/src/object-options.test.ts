/**
 * KMS key and storage class on every object the driver writes, against fake-gcs-server. The
 * emulator ignores KMS keys altogether, keeps the storage class of resumable uploads only, drops it
 * on copies and on a compose onto an existing object, so each write request is checked as sent,
 * through the recording proxy (a real HTTP hop in front of the emulator).
 */
import type { Bucket } from '@google-cloud/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { chunksOf, digestOf, patternChunks, patternDigest } from './data.fixture.js';
import { driverOn, emptyBucket, expectNoTemporaries, useProxiedGcsEmulator } from './emulator.fixture.js';
import { objectWrites } from './fault-proxy.fixture.js';
import { GcsDriver } from './gcs-driver.js';
import { checkedObjectOptions } from './object-options.js';

const gcs = useProxiedGcsEmulator();
const KEY = 'projects/acme/locations/europe-west1/keyRings/ftp/cryptoKeys/objects';
const cleanups: Bucket[] = [];
afterEach(async () => {
  for (const bucket of cleanups.splice(0)) {
    try {
      await expectNoTemporaries(bucket);
    } finally {
      await emptyBucket(bucket);
    }
  }
});

/** mkdir, STOR of new and existing files, APPE, REST+STOR before the end, rename of a file and of a directory. */
async function writeEveryWay(driver: GcsDriver): Promise<void> {
  await driver.mkdir('/d');
  await driver.write('/d/new', chunksOf('a new file'));
  await driver.write('/d/new', chunksOf(', appended'), { mode: { kind: 'append' } });
  await driver.write('/d/resumed', patternChunks(0, 300_000));
  await driver.write('/d/resumed', patternChunks(0, 300_000)); // replaced: staged unless small
  await driver.write('/d/resumed', patternChunks(200_000, 400_000), { mode: { kind: 'resume', offset: 200_000 } });
  await driver.rename('/d/resumed', '/d/renamed');
  await driver.rename('/d', '/moved');
}

const isTemporary = (name: string) => name.startsWith('.bucketftp-tmp/');

describe('object options', () => {
  it.each([
    {
      uploads: 'streamed: new files onto their names, the rest staged',
      directUploadMaxBytes: 0,
      kept: ['upload d/', 'upload d/new', 'compose d/new', 'upload d/resumed', 'copy d/resumed', 'compose d/resumed', 'copy d/renamed', 'copy moved/', 'copy moved/new', 'copy moved/renamed'],
      temporaries: ['upload COLDLINE', 'upload STANDARD', 'upload COLDLINE', 'head COLDLINE'],
    },
    {
      uploads: 'of small files sent whole',
      directUploadMaxBytes: undefined,
      kept: ['upload d/', 'upload d/new', 'compose d/new', 'upload d/resumed', 'upload d/resumed', 'compose d/resumed', 'copy d/renamed', 'copy moved/', 'copy moved/new', 'copy moved/renamed'],
      temporaries: ['upload COLDLINE', 'upload COLDLINE', 'head COLDLINE'],
    },
  ])('sends the KMS key on every write and the storage class on every committed object (uploads $uploads)', async ({ directUploadMaxBytes, kept, temporaries }) => {
    const { driver, bucket } = await driverOn(gcs, {
      objectOptions: { kmsKeyName: KEY, storageClass: 'COLDLINE' },
      ...(directUploadMaxBytes !== undefined && { directUploadMaxBytes }),
    });
    cleanups.push(bucket);
    const log = gcs.proxy().requests;
    const first = log.length;
    await writeEveryWay(driver);
    const writes = objectWrites(log.slice(first));

    // Every object created, temporaries included, is encrypted with the key.
    expect(writes.length).toBeGreaterThanOrEqual(kept.length + temporaries.length);
    for (const write of writes) expect(write, JSON.stringify(write)).toMatchObject({ kmsKeyName: KEY });
    // Every object that stays is in the class: the placeholder, the uploads and commits, and the rename copies.
    const stays = writes.filter((write) => !isTemporary(write.name));
    expect(stays.map((write) => `${write.kind} ${write.name}`)).toEqual(kept);
    for (const write of stays) expect(write.storageClass, write.name).toBe('COLDLINE');
    // Temporaries: STANDARD when a copy commits them (no minimum storage duration to pay for an
    // object deleted seconds later); the class itself when a compose does (its sources share one).
    const staged = writes.filter((write) => isTemporary(write.name));
    expect(staged.map((write) => `${write.name.replace(/^\.bucketftp-tmp\//, '').replace(/-[0-9a-f-]{36}$/, '')} ${write.storageClass}`)).toEqual(temporaries);

    const [composed] = await bucket.file('moved/new').getMetadata();
    expect(composed.size).toBe(String('a new file, appended'.length));
    expect(await digestOf(await driver.read('/moved/renamed'))).toEqual(await patternDigest([0, 400_000]));
  });

  it('sends neither unless configured', async () => {
    const { driver, bucket } = await driverOn(gcs);
    cleanups.push(bucket);
    const log = gcs.proxy().requests;
    const first = log.length;
    await writeEveryWay(driver);
    const writes = objectWrites(log.slice(first));
    expect(writes.length).toBeGreaterThanOrEqual(10);
    for (const write of writes) expect(write, JSON.stringify(write)).toMatchObject({ kmsKeyName: undefined, storageClass: undefined });
  });

  it('refuses a malformed key name or an unknown class', () => {
    expect(() => new GcsDriver({ bucket: 'b', objectOptions: { kmsKeyName: 'ftp-key' } })).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => new GcsDriver({ bucket: 'b', objectOptions: { storageClass: 'GLACIER' as never } })).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(checkedObjectOptions({})).toEqual({});
    expect(checkedObjectOptions({ kmsKeyName: KEY, storageClass: 'ARCHIVE' })).toEqual({ kmsKeyName: KEY, storageClass: 'ARCHIVE' });
  });
});
