/**
 * A user with several storages at virtual paths, through the real process: `/` read-only on one
 * folder, `/inbox` and `/archive` writable on two others. Also: a user whose allowedSources exclude
 * the loopback address cannot log in from it.
 */
import { once } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Client, FileType } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '@bucketftp/server/testing';
import { makeTempDir, namesIn, removeDir } from '../support/files.js';
import { baseConfig, freePorts, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

describe('mounts and allowedSources in the running server', () => {
  let dir: string;
  let ports: Ports;
  let app: RunningApp;

  beforeAll(async () => {
    dir = await makeTempDir('app-mounts');
    ports = await freePorts();
    for (const folder of ['shared', 'inbox', 'archive']) await mkdir(join(dir, folder));
    await writeFile(join(dir, 'shared', 'readme.txt'), 'read me\n');
    await mkdir(join(dir, 'shared', 'inbox')); // hidden by the /inbox mount: listed once
    const passwordHash = await testHash('mount-pw');
    await writeJson(join(dir, 'config.yaml'), {
      ...baseConfig(ports),
      users: [
        {
          username: 'mounted',
          passwordHash,
          mounts: [
            { path: '/', storage: { driver: 'fs', root: './shared' }, readOnly: true },
            { path: '/inbox', storage: { driver: 'fs', root: './inbox' } },
            { path: '/archive/', storage: { driver: 'fs', root: './archive' } },
          ],
        },
        { username: 'fenced', passwordHash, storage: { driver: 'fs', root: './fenced' }, allowedSources: ['10.0.0.0/8', '2001:db8::/32'] },
      ],
    });
    app = await startApp(join(dir, 'config.yaml'));
  });
  afterAll(async () => {
    expect(await app?.stop()).toBe(0);
    await removeDir(dir);
  });

  it('lists the mount points as directories beside the root storage’s entries', async () => {
    const client = new Client(20_000);
    try {
      await client.access({ host: '127.0.0.1', port: ports.ftp, user: 'mounted', password: 'mount-pw' });
      const entries = (await client.list('/')).map((entry) => [entry.name, entry.type === FileType.Directory ? 'dir' : 'file']).sort();
      expect(entries).toEqual([
        ['archive', 'dir'],
        ['inbox', 'dir'],
        ['readme.txt', 'file'],
      ]);
      await client.uploadFrom(join(dir, 'shared', 'readme.txt'), '/inbox/report.csv');
      expect(await namesIn(join(dir, 'inbox'))).toEqual(['report.csv']);
    } finally {
      client.close();
    }
  });

  it('refuses an upload to the read-only root with 550, storing nothing', async () => {
    const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    try {
      await control.login('mounted', 'mount-pw');
      const { port } = await control.passive('EPSV');
      const data = connect({ host: '127.0.0.1', port });
      data.on('error', () => undefined);
      await once(data, 'connect');
      const replies = [await control.command('STOR /top.txt')];
      if (replies[0]!.code < 200) replies.push(await control.reply());
      data.destroy();
      expect(replies.at(-1)?.code).toBe(550);
    } finally {
      control.destroy();
    }
    expect(await namesIn(join(dir, 'shared'))).toEqual(['inbox', 'readme.txt']);
  });

  it('refuses to rename across storages, to remove a mount point, and to change the read-only root', async () => {
    const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    try {
      await control.login('mounted', 'mount-pw');
      expect((await control.command('RNFR /inbox/report.csv')).code).toBe(350);
      const across = await control.command('RNTO /archive/report.csv');
      expect(across.code).toBe(504);
      expect(across.lines[0]).toBe('504 Not supported by this storage.');
      expect((await control.command('RMD /inbox')).code).toBe(550);
      expect((await control.command('MKD /newdir')).code).toBe(550);
      expect((await control.command('DELE /readme.txt')).code).toBe(550);
      expect((await control.command('MKD /archive/2024')).code).toBe(257);
      expect((await control.command('RNFR /inbox/report.csv')).code).toBe(350);
      expect((await control.command('RNTO /inbox/renamed.csv')).code).toBe(250);
    } finally {
      control.destroy();
    }
    expect(await namesIn(join(dir, 'inbox'))).toEqual(['renamed.csv']);
    expect(await namesIn(join(dir, 'archive'))).toEqual(['2024']);
    expect(await readFile(join(dir, 'shared', 'readme.txt'), 'utf8')).toBe('read me\n');
  });

  it('refuses the right password from a client address outside allowedSources', async () => {
    const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    try {
      expect((await control.command('USER fenced')).code).toBe(331);
      expect((await control.command('PASS mount-pw')).code).toBe(530);
    } finally {
      control.destroy();
    }
    await app.waitForLog((line) => line.msg === 'login refused: client address not in allowedSources' && line.user === 'fenced');
  });
});
