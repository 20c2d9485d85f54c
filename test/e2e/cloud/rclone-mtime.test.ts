/**
 * rclone and bucketftp agree on modification times kept in S3 and GCS (issue #16): a file rclone
 * uploaded shows rclone's time through MDTM and MLSD, and a time set with MFMT is what `rclone lsl`
 * reports.
 */
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireProgram } from '@bucketftp/storage/testing';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import type { CloudServer } from './support/cloud-server.js';
import { useGcsEmulator } from './support/gcs.js';
import { useMoto } from './support/s3.js';

interface Remote {
  readonly server: CloudServer;
  /** rclone's path of the user's home, on the remote `store:`. */
  readonly home: string;
  /** rclone's configuration of `store:`, as environment variables. */
  readonly env: Record<string, string>;
}

const BACKENDS: { name: string; use: () => () => Promise<Remote> }[] = [
  {
    name: 'S3',
    use() {
      const moto = useMoto();
      return async () => {
        const { server, bucket, prefix } = await moto.serve();
        return {
          server,
          home: `${bucket}/${prefix}`,
          env: {
            RCLONE_CONFIG_STORE_TYPE: 's3',
            RCLONE_CONFIG_STORE_PROVIDER: 'Other',
            RCLONE_CONFIG_STORE_ENDPOINT: moto.endpoint(),
            RCLONE_CONFIG_STORE_REGION: 'us-east-1',
            RCLONE_CONFIG_STORE_FORCE_PATH_STYLE: 'true',
            RCLONE_CONFIG_STORE_ACCESS_KEY_ID: 'test',
            RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY: 'test',
          },
        };
      };
    },
  },
  {
    name: 'GCS',
    use() {
      const gcs = useGcsEmulator();
      return async () => {
        const { server, bucket, prefix } = await gcs.serve();
        return {
          server,
          home: `${bucket.name}/${prefix}`,
          env: {
            RCLONE_CONFIG_STORE_TYPE: 'google cloud storage',
            RCLONE_CONFIG_STORE_ANONYMOUS: 'true',
            RCLONE_CONFIG_STORE_ENDPOINT: `${gcs.storage().apiEndpoint}/storage/v1/`,
          },
        };
      };
    },
  },
];

describe.each(BACKENDS)('$name: modification times shared with rclone', ({ use }) => {
  const serve = use();
  let rclone: string;
  let local: string;

  beforeAll(async () => {
    rclone = requireProgram('rclone', process.env.BUCKETFTP_RCLONE);
    local = await makeTempDir('rclone-mtime');
  });
  afterAll(async () => {
    await removeDir(local);
  });

  async function runRclone(remote: Remote, ...args: string[]): Promise<string> {
    const env = { ...process.env, ...remote.env, TZ: 'UTC' };
    const result = await runProgram(rclone, ['--config', '/dev/null', ...args], { env, timeoutMs: 30_000 });
    expect(result.code, describeRun(result)).toBe(0);
    return result.stdout;
  }

  it('reads the times rclone keeps, and rclone reads the times MFMT sets', async () => {
    const remote = await serve();
    const { server } = remote;
    const source = join(local, 'from-rclone.txt');
    await writeFile(source, 'written by rclone\n');
    await utimes(source, new Date('2003-04-05T06:07:08.5Z'), new Date('2003-04-05T06:07:08.5Z'));
    await runRclone(remote, 'copyto', source, `store:${remote.home}/from-rclone.txt`);

    const client = new Client(30_000);
    try {
      await client.access({ host: server.host, port: server.port, user: server.username, password: server.password });
      expect(await client.lastMod('from-rclone.txt')).toEqual(new Date('2003-04-05T06:07:08Z'));
      const listed = await client.list('/');
      expect(listed.find((entry) => entry.name === 'from-rclone.txt')?.modifiedAt).toEqual(new Date('2003-04-05T06:07:08Z'));

      await client.uploadFrom(source, 'from-ftp.txt');
      expect((await client.send('MFMT 19991231235959 from-ftp.txt')).message).toBe('213 Modify=19991231235959; from-ftp.txt');
    } finally {
      client.close();
    }
    const lines = (await runRclone(remote, 'lsl', `store:${remote.home}`))
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .sort((a, b) => (a[3]! < b[3]! ? -1 : 1));
    expect(lines).toEqual([
      ['18', '1999-12-31', '23:59:59.000000000', 'from-ftp.txt'],
      ['18', '2003-04-05', '06:07:08.500000000', 'from-rclone.txt'],
    ]);
  });
});
