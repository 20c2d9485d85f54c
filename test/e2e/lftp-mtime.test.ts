/**
 * Modification times survive a round trip through the server on every storage (issue #16):
 * `lftp mirror -R` of a local folder with old times sends MFMT after each STOR
 * (draft-somers-ftp-mfxx), MDTM then answers the source's time, a second `mirror -R` transfers
 * nothing, LIST shows the kept dates, and `mirror` back into an empty folder reproduces the
 * source's times. Runs the built CLI
 * on a local folder, on S3 (moto) and on GCS (fake-gcs-server); on S3 and GCS the kept time is
 * also checked where rclone keeps it.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, readdir, stat, utimes } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordHash, CLOUD_PASSWORD, CLOUD_USER } from './cloud/support/cloud-server.js';
import { useGcsEmulator } from './cloud/support/gcs.js';
import { useMoto } from './cloud/support/s3.js';
import { freePort, startCli, writeConfig, type RunningCli } from './support/cli.js';
import { makeTempDir, makeTree, removeDir, type TreeSpec } from './support/files.js';
import { describeRun, runProgram } from './support/run.js';
import { requireTool } from './support/tools.js';

const TREE: TreeSpec = {
  dirs: ['docs/old', 'empty'],
  files: {
    'top.txt': 120,
    'zero.bin': 0,
    'docs/readme.md': 2048,
    'docs/name with spaces.txt': 77,
    'docs/old/ancient.bin': 70_000,
  },
};

/** Whole seconds, as MFMT carries them; the epoch, a leap day and times before and after 2000. */
const TIMES: Record<string, string> = {
  'top.txt': '2001-02-03T04:05:06Z',
  'zero.bin': '1970-01-02T00:00:00Z',
  'docs/readme.md': '2024-02-29T23:59:59Z',
  'docs/name with spaces.txt': '1999-12-31T12:00:01Z',
  'docs/old/ancient.bin': '1985-10-26T01:21:00Z',
};

interface Served {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** The kept time as the storage holds it (S3 metadata, GCS metadata), for the storages that have one. */
  readonly keptMtime?: (path: string) => Promise<unknown>;
  readonly expectedKept?: (time: Date) => unknown;
}

interface Storage {
  readonly name: string;
  readonly use: () => () => Promise<Served>;
}

const FS: Storage = {
  name: 'a local folder',
  use() {
    const clis: RunningCli[] = [];
    const dirs: string[] = [];
    afterAll(async () => {
      await Promise.all(clis.map((cli) => cli.stop()));
      for (const dir of dirs) await removeDir(dir);
    });
    return async () => {
      const dir = await makeTempDir('mtime-fs');
      dirs.push(dir);
      await mkdir(join(dir, 'root'));
      const port = await freePort();
      const configPath = join(dir, 'bucketftp.json');
      await writeConfig(configPath, { port, users: [{ username: CLOUD_USER, passwordHash: await passwordHash(), root: join(dir, 'root') }] });
      clis.push(await startCli(configPath));
      return { host: '127.0.0.1', port, username: CLOUD_USER, password: CLOUD_PASSWORD };
    };
  },
};

const S3: Storage = {
  name: 'S3',
  use() {
    const moto = useMoto();
    return async () => {
      const { server, bucket, key } = await moto.serve();
      return {
        ...server,
        keptMtime: async (path) =>
          (await moto.client().send(new HeadObjectCommand({ Bucket: bucket, Key: key(path) }))).Metadata?.mtime,
        // rclone's format: decimal seconds since the epoch.
        expectedKept: (time) => String(time.getTime() / 1000),
      };
    };
  },
};

const GCS: Storage = {
  name: 'GCS',
  use() {
    const gcs = useGcsEmulator();
    return async () => {
      const { server, bucket, key } = await gcs.serve();
      return {
        ...server,
        keptMtime: async (path) => {
          const [metadata] = await bucket.file(key(path)).getMetadata();
          return { mtime: metadata.metadata?.mtime, gsutil: metadata.metadata?.['goog-reserved-file-mtime'] };
        },
        // rclone's RFC 3339 and gsutil's seconds.
        expectedKept: (time) => ({ mtime: time.toISOString().replace('.000Z', 'Z'), gsutil: String(time.getTime() / 1000) }),
      };
    };
  },
};

/** Every file below `root` with its modification time in whole seconds, by relative path. */
async function fileTimes(root: string): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    times[relative(root, path)] = Math.floor((await stat(path)).mtimeMs / 1000);
  }
  return times;
}

const expectedTimes = Object.fromEntries(Object.entries(TIMES).map(([path, time]) => [path, Date.parse(time) / 1000]));

describe.each([FS, S3, GCS])('lftp mirror keeps modification times on $name', (storage) => {
  const serve = storage.use();
  let lftp: string;
  let local: string;
  let source: string;

  beforeAll(async () => {
    lftp = requireTool('lftp');
    local = await makeTempDir('mtime-lftp');
    source = join(local, 'source');
    await makeTree(source, TREE, 'mtime');
    for (const [path, time] of Object.entries(TIMES)) await utimes(join(source, path), new Date(time), new Date(time));
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it('up with MFMT, MDTM equal to the source, nothing on a second run, and the same times back down', async () => {
    const served = await serve();
    const run = async (...commands: string[]) => {
      const script = [
        'set net:max-retries 1',
        'set net:timeout 10',
        'set cmd:fail-exit yes',
        `open -u ${served.username},${served.password} -p ${served.port} ${served.host}`,
        ...commands,
      ].join('; ');
      const result = await runProgram(lftp, ['-d', '-c', script], { timeoutMs: 45_000 });
      expect(result.code, describeRun(result)).toBe(0);
      return result;
    };

    const first = (await run(`mirror -R --no-perms --verbose "${source}" /up`)).stderr;
    expect(first.match(/---> STOR /g)).toHaveLength(Object.keys(TIMES).length);
    expect(first.match(/---> MFMT \d{14} /g)).toHaveLength(Object.keys(TIMES).length);

    const client = new Client(30_000);
    try {
      await client.access({ host: served.host, port: served.port, user: served.username, password: served.password });
      for (const [path, time] of Object.entries(TIMES)) {
        expect(await client.lastMod(`/up/${path}`), path).toEqual(new Date(time));
      }
    } finally {
      client.close();
    }
    if (served.keptMtime && served.expectedKept) {
      for (const [path, time] of Object.entries(TIMES)) {
        expect(await served.keptMtime(`up/${path}`), path).toEqual(served.expectedKept(new Date(time)));
      }
    }

    // LIST (`ls` with MLSD off) shows the kept dates: the year, as `ls -l` does for old files.
    const listing = await run('set ftp:use-mlsd off', 'ls /up/docs');
    expect(listing.stderr).toMatch(/---> LIST/);
    expect(listing.stdout).toMatch(/ Feb 29 +2024 readme\.md\r?$/m);
    expect(listing.stdout).toMatch(/ Dec 31 +1999 name with spaces\.txt\r?$/m);

    const second = (await run(`mirror -R --no-perms --verbose "${source}" /up`)).stderr;
    expect(second).not.toMatch(/---> (STOR|APPE|MFMT) /);

    const back = join(local, `back-${storage.name}`);
    await run(`mirror --verbose /up "${back}"`);
    expect(await fileTimes(back)).toEqual(expectedTimes);
    expect(await fileTimes(source)).toEqual(expectedTimes);
  });
});
