import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load.js';
import { HASH } from './config.fixture.js';

describe('secrets from the environment and from files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bucketftp-secrets-'));
    await writeFile(join(dir, 'hash.txt'), `${HASH}\n`);
    await writeFile(join(dir, 'secret-key'), 'from-a-file');
    await writeFile(join(dir, 'empty'), '\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const parse = (users: string, env: Record<string, string> = {}) => parseConfig(`users:\n${users}`, join(dir, 'config.yaml'), { env });
  const problems = (users: string, env: Record<string, string> = {}) => {
    try {
      parse(users, env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error('expected the configuration to be rejected');
  };
  const s3User = (credentials: string) =>
    `  - username: a\n    passwordHash: "${HASH}"\n    storage: { driver: s3, bucket: data, credentials: ${credentials} }\n`;

  it('resolves { env } and { file } (relative to the configuration file, one trailing newline dropped)', () => {
    const config = parse(
      `  - username: a\n    passwordHash: { file: hash.txt }\n    storage: { driver: s3, bucket: data, credentials: { accessKeyId: { env: AK }, secretAccessKey: { file: ./secret-key } } }\n`,
      { AK: 'from-the-environment' },
    );
    expect(config.users[0]?.passwordHash).toBe(HASH);
    expect(config.users[0]?.storage).toMatchObject({ credentials: { accessKeyId: 'from-the-environment', secretAccessKey: 'from-a-file' } });
  });

  it('checks the resolved value like an inline one', () => {
    expect(problems(`  - username: a\n    passwordHash: { env: PLAIN }\n    storage: { driver: fs, root: x }\n`, { PLAIN: 'secret' })).toEqual([
      'users[0].passwordHash: must be a hash made by `bucketftp hash-password`',
    ]);
  });

  it.each([
    ['an unset variable', s3User('{ accessKeyId: { env: NOPE }, secretAccessKey: x }'), {}, 'users[0].storage.credentials.accessKeyId: environment variable NOPE is not set'],
    ['an empty variable', s3User('{ accessKeyId: { env: EMPTY }, secretAccessKey: x }'), { EMPTY: '' }, 'users[0].storage.credentials.accessKeyId: environment variable EMPTY is empty'],
    ['a missing file', s3User('{ accessKeyId: x, secretAccessKey: { file: missing } }'), {}, `users[0].storage.credentials.secretAccessKey: cannot read the secret file ${'DIR'}/missing (ENOENT)`],
    ['an empty file', s3User('{ accessKeyId: x, secretAccessKey: { file: empty } }'), {}, `users[0].storage.credentials.secretAccessKey: the secret file ${'DIR'}/empty is empty`],
    ['both forms at once', s3User('{ accessKeyId: { env: A, file: b }, secretAccessKey: x }'), {}, 'users[0].storage.credentials.accessKeyId: must be a string, { env: NAME } or { file: PATH }'],
    ['a number', s3User('{ accessKeyId: 42, secretAccessKey: x }'), {}, 'users[0].storage.credentials.accessKeyId: must be a string, { env: NAME } or { file: PATH }'],
    ['a missing hash', `  - username: a\n    storage: { driver: fs, root: x }\n`, {}, 'users[0].passwordHash: required'],
  ])('reports %s at its path', (_name, users, env, expected) => {
    expect(problems(users, env)).toContain(expected.replace('DIR', dir));
  });
});
