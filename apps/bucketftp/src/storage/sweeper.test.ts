import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '@bucketftp/server';
import { FsDriver } from '@bucketftp/storage-fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Sweeper } from './sweeper.js';

describe('Sweeper', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('sweeps each backend at start-up, removing only leftovers older than the age', async () => {
    root = await mkdtemp(join(tmpdir(), 'sweeper-'));
    const old = join(root, '.bucketftp-upload-aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
    const fresh = join(root, '.bucketftp-upload-bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
    await writeFile(old, 'x');
    await writeFile(fresh, 'y');
    const yesterday = new Date(Date.now() - 25 * 3_600_000);
    await utimes(old, yesterday, yesterday);
    const driver = new FsDriver({ root });
    const sweeper = new Sweeper(() => [{ key: 'fs', description: 'fs folder', driver }], { olderThanMs: 24 * 3_600_000, intervalMs: 3_600_000 }, silentLogger);
    sweeper.start();
    for (let attempt = 0; attempt < 200 && (await readdir(root)).length > 1; attempt++) await sleep(25);
    await sweeper.stop();
    expect(await readdir(root)).toEqual(['.bucketftp-upload-bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb']);
  });
});
