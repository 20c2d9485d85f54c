/**
 * Against fake-gcs-server: sweeping temporaries that a crashed upload left (only those older than
 * the age; never a file), ping on a bucket that does not exist, and a paused emulator bounded by
 * requestTimeoutMs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pauseProcess } from '@bucketftp/storage/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { chunksOf, textOf } from './data.fixture.js';
import { driverOn, emptyBucket, objectNames, useGcsEmulator } from './emulator.fixture.js';
import { GcsDriver } from './gcs-driver.js';

const gcs = useGcsEmulator();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('sweepLeftovers', () => {
  it('deletes temporaries older than the age under the temporaries prefix only, and keeps younger ones and every file', async () => {
    const { driver, bucket } = await driverOn(gcs, { prefix: 'home/a' });
    cleanups.push(() => emptyBucket(bucket));
    await driver.write('/kept.txt', chunksOf('a file'));
    await bucket.file('.bucketftp-tmp/upload-old').save('left by a crash', { resumable: false });
    // A folder of that name inside a user's home is the user's (older versions kept temporaries there).
    await bucket.file('home/a/.bucketftp-tmp/upload-old').save('a user file', { resumable: false });
    await bucket.file('.bucketftp-tmpx/old').save('not below the prefix', { resumable: false });
    await sleep(1_500);
    await bucket.file('.bucketftp-tmp/upload-young').save('an upload in progress', { resumable: false });

    expect(await driver.sweepLeftovers(1_000)).toBe(1);
    expect(await objectNames(bucket)).toEqual(['.bucketftp-tmp/upload-young', '.bucketftp-tmpx/old', 'home/a/.bucketftp-tmp/upload-old', 'home/a/kept.txt']);
    expect(await textOf(await driver.read('/kept.txt'))).toBe('a file');
  });

  it('sweeps a configured prefix', async () => {
    const { driver, bucket } = await driverOn(gcs, { prefix: 'home/a', tempPrefix: 'ops/ftp-tmp' });
    cleanups.push(() => emptyBucket(bucket));
    await bucket.file('ops/ftp-tmp/upload-old').save('left by a crash', { resumable: false });
    await bucket.file('.bucketftp-tmp/upload-old').save('not ours', { resumable: false });
    await sleep(1_100);
    expect(await driver.sweepLeftovers(1_000)).toBe(1);
    expect(await objectNames(bucket)).toEqual(['.bucketftp-tmp/upload-old']);
  });
});

describe('a bucket that does not exist', () => {
  it('fails ping as storage-missing, not unavailable', async () => {
    const driver = new GcsDriver({ bucket: 'never-created', storage: gcs.storage() });
    await expect(driver.ping()).rejects.toMatchObject({ name: 'StorageError', kind: 'storage-missing' });
  });
});

describe('a paused emulator', () => {
  it.each([
    { uploads: 'staged', directUploadMaxBytes: 0 },
    { uploads: 'sent whole', directUploadMaxBytes: undefined },
  ])('fails a write within the request timeout and leaves the file as it was ($uploads)', { timeout: 60_000 }, async ({ directUploadMaxBytes }) => {
    const { driver, bucket } = await driverOn(gcs);
    cleanups.push(() => emptyBucket(bucket));
    await driver.write('/f', chunksOf('original'));
    const { apiEndpoint, projectId } = gcs.emulator();
    const timed = new GcsDriver({ bucket: bucket.name, apiEndpoint, projectId, requestTimeoutMs: 1_000, ...(directUploadMaxBytes !== undefined && { directUploadMaxBytes }) });
    const pid = gcs.emulator().pid;
    // Every byte is sent, then the emulator stops answering: the upload is never finalised. The
    // checks of a new file run while its bytes arrive; the pause comes after they answered, as
    // reads of metadata are retried by the client library and would measure its retries instead.
    async function* stallingAfterTheLastByte(): AsyncGenerator<Uint8Array> {
      await sleep(500);
      yield new TextEncoder().encode('new bytes');
      await pauseProcess(pid, 'fake-gcs-server');
    }
    const safety = setTimeout(() => process.kill(pid, 'SIGCONT'), 30_000);
    const started = Date.now();
    try {
      await expect(timed.write('/f', stallingAfterTheLastByte())).rejects.toMatchObject({ name: 'StorageError', kind: 'unavailable' });
    } finally {
      clearTimeout(safety);
      process.kill(pid, 'SIGCONT');
    }
    // Generous: the timeout is 1 s; a hung request would wait for as long as the pause lasts.
    expect(Date.now() - started).toBeLessThan(20_000);
    const now = await readOnceSettled(driver, '/f');
    if (directUploadMaxBytes === 0) {
      // Staged: the stall came before the commit copy was sent, so the file was never touched.
      expect(now).toBe('original');
    } else {
      // Sent whole, the upload request itself was the commit: the paused emulator still holds it
      // and may complete it once resumed, like any commit request that timed out. The file is the
      // old one or the whole new one, never a part.
      expect(['original', 'new bytes']).toContain(now);
    }
  });
});

/**
 * The file's text. The resumed emulator may complete a held upload between a read's metadata
 * lookup and its download of that generation, which then answers not-found: the read is repeated.
 */
async function readOnceSettled(driver: GcsDriver, path: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await textOf(await driver.read(path));
    } catch (error) {
      if (attempt >= 10 || (error as { kind?: unknown }).kind !== 'not-found') throw error;
      await sleep(100);
    }
  }
}
