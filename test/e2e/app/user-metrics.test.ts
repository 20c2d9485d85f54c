/**
 * Per-user usage in /metrics of the real process (`metrics.perUser`): bytes and files by user and
 * direction, with users beyond `metrics.maxUsers` counted as user="other".
 */
import { join } from 'node:path';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writePatternFile } from '../support/files.js';
import { baseConfig, freePorts, httpGet, sample, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

const USERS = ['ann', 'bob', 'cy', 'dee'] as const;

describe('per-user metrics of the running server', () => {
  let dir: string;
  let ports: Ports;
  let app: RunningApp;

  beforeAll(async () => {
    dir = await makeTempDir('app-user-metrics');
    ports = await freePorts();
    await writeJson(join(dir, 'config.yaml'), {
      ...baseConfig(ports),
      metrics: { perUser: true, maxUsers: 2 },
      users: await Promise.all(
        USERS.map(async (user) => ({ username: user, passwordHash: await testHash(`${user}-pw`), storage: { driver: 'fs', root: `./${user}` } })),
      ),
    });
    for (const [index, user] of USERS.entries()) await writePatternFile(join(dir, `${user}.bin`), 1000 * (index + 1), user);
    app = await startApp(join(dir, 'config.yaml'));
  });
  afterAll(async () => {
    expect(await app?.stop()).toBe(0);
    await removeDir(dir);
  });

  async function session(user: string, work: (client: Client) => Promise<unknown>): Promise<void> {
    const client = new Client(20_000);
    try {
      await client.access({ host: '127.0.0.1', port: ports.ftp, user, password: `${user}-pw` });
      await work(client);
    } finally {
      client.close();
    }
  }

  it('counts bytes and files by user and direction, and users beyond maxUsers as "other"', async () => {
    await session('ann', async (client) => {
      await client.uploadFrom(join(dir, 'ann.bin'), 'a.bin');
      await client.uploadFrom(join(dir, 'ann.bin'), 'b.bin');
      await client.downloadTo(join(dir, 'ann-back.bin'), 'a.bin');
      // A listing is not one of the user's files.
      await client.list();
    });
    await session('bob', (client) => client.uploadFrom(join(dir, 'bob.bin'), 'b.bin'));
    // The third and fourth user to transfer: beyond maxUsers.
    await session('cy', (client) => client.uploadFrom(join(dir, 'cy.bin'), 'c.bin'));
    await session('dee', (client) => client.uploadFrom(join(dir, 'dee.bin'), 'd.bin'));

    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_user_bytes_total{user="ann",direction="upload"}')).toBe(2000);
    expect(sample(metrics, 'bucketftp_user_files_total{user="ann",direction="upload"}')).toBe(2);
    expect(sample(metrics, 'bucketftp_user_bytes_total{user="ann",direction="download"}')).toBe(1000);
    expect(sample(metrics, 'bucketftp_user_files_total{user="ann",direction="download"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_user_bytes_total{user="bob",direction="upload"}')).toBe(2000);
    expect(sample(metrics, 'bucketftp_user_files_total{user="bob",direction="upload"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_user_bytes_total{user="other",direction="upload"}')).toBe(3000 + 4000);
    expect(sample(metrics, 'bucketftp_user_files_total{user="other",direction="upload"}')).toBe(2);
    expect(metrics).not.toMatch(/user="(cy|dee)"/);
  });
});
