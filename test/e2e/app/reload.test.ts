/**
 * The users file of the real process, reloaded without a restart:
 * - SIGHUP picks up a new user while an open session of another user goes on;
 * - a replaced file is picked up by itself (here as Kubernetes swaps a ConfigMap: a symlink is
 *   renamed over the old one), and the sessions of a changed user end with 421 at their next command;
 * - a bad file is refused as a whole: the previous users stay and every problem is logged.
 *
 * `users.yaml` is a symlink into a version folder. Editing the target in place is invisible to the
 * watch on the configuration folder, so the first step can only be seen through SIGHUP.
 */
import { mkdir, rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '@bucketftp/server/testing';
import { makeTempDir, removeDir } from '../support/files.js';
import { baseConfig, freePorts, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

interface Entry {
  readonly username: string;
  readonly passwordHash: string;
  readonly storage?: unknown;
  readonly permissions?: readonly string[];
}

describe('users file reloads', () => {
  let dir: string;
  let ports: Ports;
  let app: RunningApp;
  let hash: string;
  let bobHash: string;
  const sessions: ControlClient[] = [];

  const users = (...entries: Entry[]) => ({ users: entries.map((entry) => ({ storage: { driver: 'fs', root: `../homes/${entry.username}` }, ...entry })) });

  async function login(username: string): Promise<ControlClient> {
    const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    sessions.push(control);
    await control.login(username, `${username}-pw`);
    return control;
  }

  beforeAll(async () => {
    dir = await makeTempDir('app-reload');
    ports = await freePorts();
    hash = await testHash('alice-pw');
    bobHash = await testHash('bob-pw');
    for (const folder of ['conf', 'v1', 'v2']) await mkdir(join(dir, folder));
    await writeJson(join(dir, 'v1', 'users.yaml'), users({ username: 'alice', passwordHash: hash }));
    await symlink('../v1/users.yaml', join(dir, 'conf', 'users.yaml'));
    await writeJson(join(dir, 'conf', 'config.yaml'), { ...baseConfig(ports), usersFile: 'users.yaml' });
    app = await startApp(join(dir, 'conf', 'config.yaml'));
  });
  afterAll(async () => {
    for (const session of sessions) session.destroy();
    expect(await app?.stop()).toBe(0);
    await removeDir(dir);
  });

  it('adds a user on SIGHUP without dropping an open session', async () => {
    const alice = await login('alice');
    await expect(login('bob')).rejects.toThrow(/PASS: 530/);
    await writeJson(join(dir, 'v1', 'users.yaml'), users({ username: 'alice', passwordHash: hash }, { username: 'bob', passwordHash: bobHash }));
    app.signal('SIGHUP');
    const reloaded = await app.waitForLog((line) => line.msg === 'users reloaded');
    expect(reloaded).toMatchObject({ reason: 'signal', users: 2, added: ['bob'], changed: [], removed: [] });
    const bob = await login('bob');
    expect((await bob.command('PWD')).code).toBe(257);
    expect((await alice.command('PWD')).code).toBe(257);
    expect((await alice.command('NOOP')).code).toBe(200);
  });

  it('picks up a replaced file by itself and ends a changed user’s sessions with 421 at the next command', async () => {
    const alice = await login('alice');
    const bob = await login('bob');
    // alice loses the right to write; bob stays exactly as he was.
    await writeJson(
      join(dir, 'v2', 'users.yaml'),
      users({ username: 'alice', passwordHash: hash, permissions: ['list', 'read'] }, { username: 'bob', passwordHash: bobHash }),
    );
    await symlink('../v2/users.yaml', join(dir, 'conf', 'users.yaml.next'));
    await rename(join(dir, 'conf', 'users.yaml.next'), join(dir, 'conf', 'users.yaml'));
    const reloaded = await app.waitForLog((line) => line.msg === 'users reloaded' && line.reason === 'change');
    expect(reloaded).toMatchObject({ changed: ['alice'], added: [], removed: [] });

    const ended = await alice.command('PWD');
    expect(ended.code).toBe(421);
    await expect(alice.reply(5_000)).rejects.toThrow(/closed/);
    expect((await bob.command('PWD')).code).toBe(257);

    const again = await login('alice');
    expect((await again.command('MKD /not-allowed')).code).toBe(550);
  });

  it('keeps the previous users when the new file is bad, and logs every problem', async () => {
    await writeJson(join(dir, 'v2', 'users.yaml'), {
      users: [
        { username: 'alice', passwordHash: hash, storage: { driver: 's3' } },
        { username: 'carol', passwordHash: 'plain-text', storage: { driver: 'fs', root: '../homes/carol' } },
      ],
    });
    app.signal('SIGHUP');
    const rejected = await app.waitForLog((line) => line.msg === 'users file rejected; keeping the previous users');
    expect(rejected).toMatchObject({
      level: 50,
      reason: 'signal',
      problems: ['users[0].storage.bucket: required', 'users[1].passwordHash: must be a hash made by `bucketftp hash-password`'],
    });
    const bob = await login('bob');
    expect((await bob.command('PWD')).code).toBe(257);
  });
});
