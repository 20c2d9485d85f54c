/** Sweeping upload temporaries left by a crash, on the real file system. */
import { mkdtemp, mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsDriver } from './fs-driver.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('FsDriver.sweepLeftovers', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'fs-sweep-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function leftover(path: string, ageMs: number): Promise<void> {
    await writeFile(path, 'partial upload');
    const time = new Date(Date.now() - ageMs);
    await utimes(path, time, time);
  }

  it('removes upload temporaries older than the age at any depth, and nothing else', async () => {
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    await leftover(join(root, '.bucketftp-upload-11111111-1111-4111-8111-111111111111'), 2 * DAY_MS);
    await leftover(join(root, 'a', 'b', '.bucketftp-upload-22222222-2222-4222-8222-222222222222'), 2 * DAY_MS);
    await leftover(join(root, 'a', '.bucketftp-upload-33333333-3333-4333-8333-333333333333'), 60_000); // an upload in progress
    await leftover(join(root, 'a', 'old-user-file.txt'), 30 * DAY_MS); // a user's file, however old

    const driver = new FsDriver({ root });
    expect(await driver.sweepLeftovers(DAY_MS)).toBe(2);
    expect((await readdir(root)).sort()).toEqual(['a']);
    expect((await readdir(join(root, 'a'))).sort()).toEqual(['.bucketftp-upload-33333333-3333-4333-8333-333333333333', 'b', 'old-user-file.txt']);
    expect(await readdir(join(root, 'a', 'b'))).toEqual([]);
    expect(await driver.sweepLeftovers(DAY_MS)).toBe(0);
  });
});
