import { appendFileSync } from 'node:fs';
import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { silentLogger } from '@bucketftp/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserConfig } from '../config/schema.js';
import { digestOf } from '../config/users-file.js';
import type { UsersChange } from '../auth/user-directory.js';
import { UsersReloader } from './users-reloader.js';
import { HASH } from '../config/config.fixture.js';

const usersYaml = (...names: string[]) =>
  `users:\n${names.map((name) => `  - username: ${name}\n    passwordHash: "${HASH}"\n    storage: { driver: fs, root: ./${name} }\n`).join('')}`;

const INLINE = { username: 'inline' } as UserConfig;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

describe('UsersReloader', () => {
  let dir: string;
  let file: string;
  let reloader: UsersReloader | undefined;
  let applied: string[][];
  let results: string[];
  let logged: { level: string; fields: Record<string, unknown> }[];
  let failApply: boolean;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bucketftp-reload-'));
    file = join(dir, 'users.yaml');
    await writeFile(file, usersYaml('alice'));
    applied = [];
    results = [];
    logged = [];
    failApply = false;
  });
  afterEach(async () => {
    await reloader?.close();
    reloader = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** `logFile`: every log line is also appended to this file, as when the log is written next to the users file. */
  function start(initialText: string, logFile?: string): UsersReloader {
    const record = (level: string, fields: unknown) => {
      logged.push({ level, fields: fields as Record<string, unknown> });
      if (logFile) appendFileSync(logFile, `${JSON.stringify({ level, ...(fields as object) })}\n`);
    };
    const log = {
      ...silentLogger,
      info: (fields: unknown) => record('info', fields),
      error: (fields: unknown) => record('error', fields),
    };
    reloader = new UsersReloader({
      file,
      context: { env: {}, defaults: {}, listen: [{ host: '127.0.0.1' }], taken: new Map([['inline', 'users[0].username in config.yaml']]) },
      inline: [INLINE],
      digest: digestOf(initialText),
      apply: async (users): Promise<UsersChange> => {
        if (failApply) throw new Error('mkdir: permission denied');
        applied.push(users.map((user) => user.username));
        return { added: [], changed: [], removed: [], retired: [] };
      },
      log,
      onResult: (result) => results.push(result),
      debounceMs: 20,
    });
    return reloader;
  }

  it('picks up a changed file by itself, the inline users first', async () => {
    start(usersYaml('alice')).watch();
    await writeFile(file, usersYaml('alice', 'bob'));
    await until(() => applied.length > 0, 'the reload');
    expect(applied).toEqual([['inline', 'alice', 'bob']]);
    expect(results).toEqual(['ok']);
    expect(logged).toContainEqual({ level: 'info', fields: expect.objectContaining({ reason: 'change', users: 3 }) });
  });

  it('sees a file replaced by a rename, as editors and ConfigMaps do', async () => {
    start(usersYaml('alice')).watch();
    await writeFile(join(dir, 'users.yaml.tmp'), usersYaml('carol'));
    await rename(join(dir, 'users.yaml.tmp'), file);
    await until(() => applied.length > 0, 'the reload');
    expect(applied.at(-1)).toEqual(['inline', 'carol']);
  });

  it('keeps the previous users when the new file is invalid, logging every problem', async () => {
    const running = start(usersYaml('alice'));
    await writeFile(file, `${usersYaml('inline')}  - username: broken\n    storage: { driver: s3 }\n`);
    expect(await running.reload('signal')).toBe('rejected');
    expect(applied).toEqual([]);
    expect(results).toEqual(['rejected']);
    expect(logged).toContainEqual({
      level: 'error',
      fields: expect.objectContaining({
        file,
        problems: [
          'users[1].passwordHash: required',
          'users[1].storage.bucket: required',
          'users[0].username: duplicate of users[0].username in config.yaml',
        ],
      }),
    });
  });

  it('keeps the previous users when a storage cannot be set up', async () => {
    const running = start(usersYaml('alice'));
    failApply = true;
    expect(await running.reload('signal')).toBe('rejected');
    expect(logged).toContainEqual({ level: 'error', fields: expect.objectContaining({ file, err: expect.any(Error) }) });
  });

  it('reloads on a signal even when the text did not change, but ignores a touch', async () => {
    const running = start(usersYaml('alice'));
    expect(await running.reload('change')).toBe('unchanged');
    expect(await running.reload('signal')).toBe('ok');
    expect(applied).toEqual([['inline', 'alice']]);
  });

  it('logs a deleted file once, not on every retry, and again when it reappears or changes', async () => {
    // The log lands in the watched folder: each line is a change event there.
    start(usersYaml('alice'), join(dir, 'server.log')).watch();
    await unlink(file);
    await delay(3_000);
    const errors = () => logged.filter((entry) => entry.level === 'error');
    expect(errors()).toHaveLength(1);
    expect(errors()[0]!.fields).toEqual(expect.objectContaining({ file, problems: ['cannot read the file (ENOENT)'] }));
    expect(results).toEqual(['rejected']);

    await writeFile(file, usersYaml('alice', 'bob'));
    await until(() => applied.length > 0, 'the reload after the file came back');
    expect(applied).toEqual([['inline', 'alice', 'bob']]);
    await unlink(file);
    await until(() => errors().length === 2, 'the second deletion to be logged');
    await delay(1_000);
    expect(errors()).toHaveLength(2);
  });
});

