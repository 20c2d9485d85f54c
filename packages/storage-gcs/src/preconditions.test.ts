/**
 * What the emulator enforces now (fake-gcs-server): generation preconditions, so a resume or an append
 * racing a concurrent replacement fails instead of splicing; chunked resumable uploads; and the
 * driver reaching the emulator through STORAGE_EMULATOR_HOST as well as through `apiEndpoint`.
 */
import type { Bucket } from '@google-cloud/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { chunksOf, digestOf, patternChunks, patternDigest, textOf } from './data.fixture.js';
import { driverOn, emptyBucket, expectNoTemporaries, freshBucket, useGcsEmulator } from './emulator.fixture.js';
import { GcsDriver } from './gcs-driver.js';

const gcs = useGcsEmulator();
let used: Bucket | undefined;

afterEach(async () => {
  if (!used) return;
  try {
    await expectNoTemporaries(used);
  } finally {
    await emptyBucket(used);
    used = undefined;
  }
});

/** Yields `before`, then waits for `meanwhile` (run while the upload is open), then yields `after`. */
async function* racing(before: string, meanwhile: () => Promise<void>, after: string): AsyncGenerator<Uint8Array> {
  yield* chunksOf(before);
  await meanwhile();
  yield* chunksOf(after);
}

describe('a concurrent replacement of the target', () => {
  // fake-gcs-server serves generation-pinned reads, so a resume that must keep a head of the old
  // generation fails once that generation is gone. It does not check preconditions on compose (its
  // compose handler reads source names only), nor on copy, so the compose path's ifGenerationMatch
  // and source generations, and a copy's ifGenerationMatch=0, are checked as sent (compose-resume.test.ts).
  it('makes a resume before the current size fail, and the replacement stays whole', async () => {
    const target = await driverOn(gcs);
    used = target.bucket;
    await target.driver.write('/f', chunksOf('original content'));
    const replace = () => target.bucket.file('f').save('REPLACED BY SOMEONE ELSE', { resumable: false });
    const writing = target.driver.write('/f', racing('new-', replace, 'bytes'), { mode: { kind: 'resume', offset: 4 } });
    await expect(writing).rejects.toMatchObject({ name: 'StorageError' });
    expect(await textOf(await target.driver.read('/f'))).toBe('REPLACED BY SOMEONE ELSE');
  });
});

describe('chunked resumable uploads', () => {
  it('finish, byte-exact, across several chunks', async () => {
    const size = 3 * 256 * 1024 + 12_345;
    const target = await driverOn(gcs, { resumableChunkSize: 256 * 1024 });
    used = target.bucket;
    expect(await target.driver.write('/chunked', patternChunks(0, size))).toMatchObject({ size, generation: expect.stringMatching(/^\d+$/) });
    expect(await digestOf(await target.driver.read('/chunked'))).toEqual(await patternDigest([0, size]));
  });
});

describe('STORAGE_EMULATOR_HOST', () => {
  it('is honoured when the driver is given no apiEndpoint: write, resume, append and read', async () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = gcs.emulator().apiEndpoint;
    try {
      const name = await freshBucket(gcs);
      used = gcs.storage().bucket(name);
      const driver = new GcsDriver({ bucket: name, projectId: gcs.emulator().projectId });
      await driver.write('/f', chunksOf('0123456789'));
      await driver.write('/f', chunksOf('abc'), { mode: { kind: 'resume', offset: 4 } });
      await driver.write('/f', chunksOf('XYZ'), { mode: { kind: 'resume', offset: 7 } });
      await driver.write('/f', chunksOf('!'), { mode: { kind: 'append' } });
      expect(await textOf(await driver.read('/f'))).toBe('0123abcXYZ!');
      expect(await textOf(await driver.read('/f', { offset: 4 }))).toBe('abcXYZ!');
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });

  it('does not get in the way when the driver is given an apiEndpoint too', async () => {
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = gcs.emulator().apiEndpoint;
    try {
      const name = await freshBucket(gcs);
      const driver = new GcsDriver({ bucket: name, apiEndpoint: gcs.emulator().apiEndpoint, projectId: gcs.emulator().projectId });
      used = gcs.storage().bucket(name);
      await driver.write('/f', chunksOf('head'));
      await driver.write('/f', chunksOf('+tail'), { mode: { kind: 'resume', offset: 4 } });
      expect(await textOf(await driver.read('/f'))).toBe('head+tail');
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
  });
});
