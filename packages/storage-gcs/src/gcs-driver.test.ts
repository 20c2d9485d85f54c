import { afterEach, describe, expect, it } from 'vitest';
import type { Bucket } from '@google-cloud/storage';
import { digestOf, patternChunks } from './data.fixture.js';
import { driverOn, emptyBucket, useGcsEmulator } from './emulator.fixture.js';
import { GcsDriver } from './gcs-driver.js';

const gcs = useGcsEmulator();
let used: Bucket | undefined;

afterEach(async () => {
  if (used) await emptyBucket(used);
  used = undefined;
});

describe('storedHash', () => {
  it('answers MD5 from the object metadata, equal to the streamed MD5', async () => {
    const { driver, bucket } = await driverOn(gcs);
    used = bucket;
    await driver.write('/f', patternChunks(0, 300_001));
    const streamed = await digestOf(await driver.read('/f'), 'md5');
    expect(await driver.storedHash('/f', 'MD5')).toBe(streamed.sha256);
  });

  it('answers nothing for CRC32, SHA-1 and SHA-256 (GCS keeps CRC32C, a different checksum)', async () => {
    const { driver, bucket } = await driverOn(gcs);
    used = bucket;
    await driver.write('/f', patternChunks(0, 1000));
    for (const algorithm of ['CRC32', 'SHA-1', 'SHA-256'] as const) expect(await driver.storedHash('/f', algorithm)).toBeUndefined();
  });
});

describe('stat', () => {
  it("reports a file's mtime from its UTC update time", async () => {
    const { driver, bucket } = await driverOn(gcs);
    used = bucket;
    await driver.write('/f', patternChunks(0, 10));
    const [metadata] = await bucket.file('f').getMetadata();
    expect((await driver.stat('/f')).mtime?.toISOString()).toBe(new Date(metadata.updated ?? '').toISOString());
  });
});

describe('options', () => {
  it.each([
    [{ listPageSize: 0 }],
    [{ listPageSize: 1001 }],
    [{ resumableChunkSize: 1000 }],
    [{ renameConcurrency: 0 }],
    [{ prefix: 'a/../b' }],
    [{ tempPrefix: 'a/b' }],
    [{ bucket: '' }],
  ])('refuses %o', (options) => {
    expect(() => new GcsDriver({ bucket: 'b', storage: gcs.storage(), ...options })).toThrow();
  });

  it('accepts a chunk size in multiples of 256 KiB', () => {
    expect(() => new GcsDriver({ bucket: 'b', storage: gcs.storage(), resumableChunkSize: 8 * 256 * 1024 })).not.toThrow();
  });
});
