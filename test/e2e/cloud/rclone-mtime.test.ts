/**
 * rclone and bucketftp agree on modification times kept in S3 (issue #16): a file rclone uploaded
 * shows rclone's time through MDTM and MLSD, and a time set with MFMT is what `rclone lsl` reports.
 */
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireProgram } from '@bucketftp/storage/testing';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import { useMoto } from './support/s3.js';

describe('S3: modification times shared with rclone', () => {
  const moto = useMoto();
  let rclone: string;
  let local: string;

  beforeAll(async () => {
    rclone = requireProgram('rclone', process.env.BUCKETFTP_RCLONE);
    local = await makeTempDir('rclone-mtime');
  });
  afterAll(async () => {
    await removeDir(local);
  });

  /** rclone with a remote `moto:` configured from the environment alone (no config file). */
  async function runRclone(...args: string[]): Promise<string> {
    const env = {
      RCLONE_CONFIG_MOTO_TYPE: 's3',
      RCLONE_CONFIG_MOTO_PROVIDER: 'Other',
      RCLONE_CONFIG_MOTO_ENDPOINT: moto.endpoint(),
      RCLONE_CONFIG_MOTO_REGION: 'us-east-1',
      RCLONE_CONFIG_MOTO_FORCE_PATH_STYLE: 'true',
      RCLONE_CONFIG_MOTO_ACCESS_KEY_ID: 'test',
      RCLONE_CONFIG_MOTO_SECRET_ACCESS_KEY: 'test',
      TZ: 'UTC',
    };
    const result = await runProgram(rclone, ['--config', '/dev/null', ...args], { env: { ...process.env, ...env }, timeoutMs: 30_000 });
    expect(result.code, describeRun(result)).toBe(0);
    return result.stdout;
  }

  it('reads the times rclone keeps, and rclone reads the times MFMT sets', async () => {
    const { server, bucket, prefix } = await moto.serve();
    const source = join(local, 'from-rclone.txt');
    await writeFile(source, 'written by rclone\n');
    await utimes(source, new Date('2003-04-05T06:07:08.5Z'), new Date('2003-04-05T06:07:08.5Z'));
    await runRclone('copyto', source, `moto:${bucket}/${prefix}/from-rclone.txt`);

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
    const lines = (await runRclone('lsl', `moto:${bucket}/${prefix}`)).trim().split('\n').map((line) => line.trim().split(/\s+/));
    expect(lines.sort((a, b) => (a[3]! < b[3]! ? -1 : 1))).toEqual([
      ['18', '1999-12-31', '23:59:59.000000000', 'from-ftp.txt'],
      ['18', '2003-04-05', '06:07:08.500000000', 'from-rclone.txt'],
    ]);
  });
});
