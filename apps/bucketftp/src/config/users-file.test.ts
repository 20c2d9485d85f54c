import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load.js';
import { HASH } from './config.fixture.js';

const entry = (name: string, storage: string) => `  - username: ${name}\n    passwordHash: "${HASH}"\n    storage: ${storage}\n`;

describe('usersFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bucketftp-usersfile-'));
    await mkdir(join(dir, 'users.d'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function rejection(config: string, users: string): Promise<ConfigError> {
    await writeFile(join(dir, 'config.yaml'), config);
    await writeFile(join(dir, 'users.d', 'users.yaml'), users);
    const error = await loadConfig(join(dir, 'config.yaml')).catch((caught: unknown) => caught);
    if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
    return error;
  }

  it('adds its users after the inline ones, with its own folder for relative paths and the main defaults', async () => {
    await writeFile(
      join(dir, 'config.yaml'),
      `defaults:\n  s3: { bucket: shared-bucket, region: eu-central-1 }\nusersFile: users.d/users.yaml\nusers:\n${entry('inline', '{ driver: fs, root: ./inline }')}`,
    );
    await writeFile(join(dir, 'users.d', 'users.yaml'), `users:\n${entry('filed', '{ driver: fs, root: ./filed }')}${entry('cloud', '{ driver: s3, prefix: cloud }')}`);
    const loaded = await loadConfig(join(dir, 'config.yaml'));
    expect(loaded.users.map((user) => user.username)).toEqual(['inline', 'filed', 'cloud']);
    expect(loaded.users[0]?.storage).toEqual({ driver: 'fs', root: join(dir, 'inline') });
    expect(loaded.users[1]?.storage).toEqual({ driver: 'fs', root: join(dir, 'users.d', 'filed') });
    expect(loaded.users[2]?.storage).toMatchObject({ driver: 's3', bucket: 'shared-bucket', region: 'eu-central-1', prefix: 'cloud' });
    expect(loaded.usersFile).toBe(join(dir, 'users.d', 'users.yaml'));
    expect(loaded.usersFileDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the users file and the entry of each problem', async () => {
    const error = await rejection(
      `usersFile: users.d/users.yaml\nusers:\n${entry('taken', '{ driver: fs, root: x }')}`,
      `users:\n${entry('taken', '{ driver: fs, root: y }')}  - username: nobucket\n    passwordHash: "${HASH}"\n    storage: { driver: s3 }\n`,
    );
    expect(error.file).toBe(join(dir, 'users.d', 'users.yaml'));
    expect(error.problems).toEqual([
      'users[1].storage.bucket: required',
      `users[0].username: duplicate of users[0].username in ${join(dir, 'config.yaml')}`,
    ]);
  });

  it('holds only users', async () => {
    const error = await rejection('usersFile: users.d/users.yaml\n', `server: {}\nusers: []\n`);
    expect(error.problems).toEqual(['Unrecognized key: "server"']);
  });

  it('must exist', async () => {
    await writeFile(join(dir, 'config.yaml'), 'usersFile: missing.yaml\n');
    await expect(loadConfig(join(dir, 'config.yaml'))).rejects.toMatchObject({
      file: join(dir, 'missing.yaml'),
      problems: ['cannot read the file (ENOENT)'],
    });
  });
});
