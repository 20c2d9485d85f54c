import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { HASH, problems } from './config.fixture.js';
import { validateExternalUser } from './users.js';

const context = { baseDir: '/etc/bucketftp', env: { SECRET: 'from-env' } };
const defaults = { s3: { bucket: 'files', region: 'eu-west-1' } };

describe('templates in configured users', () => {
  it('substitute {username} in prefix, root, bucket and mount paths', () => {
    const config = parseConfig(
      [
        'defaults: { s3: { bucket: files } }',
        'users:',
        `  - { username: alice, passwordHash: "${HASH}", storage: { driver: s3, prefix: "customers/{username}" } }`,
        `  - username: bob`,
        `    passwordHash: "${HASH}"`,
        '    mounts:',
        '      - { path: "/{username}", storage: { driver: fs, root: "homes/{username}" } }',
        '      - { path: /shared, storage: { driver: s3, bucket: "b-{username}" } }',
      ].join('\n'),
      '/etc/bucketftp/test.yaml',
    );
    expect(config.users[0]?.storage).toMatchObject({ driver: 's3', bucket: 'files', prefix: 'customers/alice' });
    expect(config.users[1]?.mounts).toMatchObject([
      { path: '/bob', storage: { driver: 'fs', root: '/etc/bucketftp/homes/bob' } },
      { path: '/shared', storage: { driver: 's3', bucket: 'b-bob' } },
    ]);
  });

  it('refuse an unknown placeholder, naming the field', () => {
    expect(problems(`users:\n  - { username: alice, passwordHash: "${HASH}", storage: { driver: fs, root: "/srv/{tenant}" } }\n`)).toEqual([
      'users[0].storage.root: unknown placeholder {tenant} (known: {username})',
    ]);
  });
});

describe('external users', () => {
  const template = { storage: { driver: 's3', prefix: 'customers/{username}' }, permissions: ['list', 'read', 'write'] };

  it('take the template under the provider’s answer, then defaults, with {username} and attributes substituted', () => {
    const result = validateExternalUser({ username: 'alice', user: {}, template }, context, defaults);
    expect(result).toMatchObject({ ok: true, config: { username: 'alice', storage: { driver: 's3', bucket: 'files', region: 'eu-west-1', prefix: 'customers/alice' }, permissions: ['list', 'read', 'write'] } });
    const own = validateExternalUser(
      { username: 'alice', user: { storage: { driver: 's3', prefix: 'tenants/{tenant}/{username}' }, readOnly: true }, attributes: { tenant: 'acme' }, template },
      context,
      defaults,
    );
    expect(own).toMatchObject({ ok: true, config: { storage: { prefix: 'tenants/acme/alice' }, readOnly: true, permissions: ['list', 'read', 'write'] } });
  });

  it.each([
    ['..', 'storage.prefix: {username} is ".."'],
    ['a/b', 'storage.prefix: {username} contains "/", "\\" or NUL'],
    ['a\\b', 'storage.prefix: {username} contains "/", "\\" or NUL'],
  ])('refuse a name that would leave or share the template’s folder: %s', (username, problem) => {
    const result = validateExternalUser({ username, user: {}, template }, context, defaults);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((each) => `${each.path.join('.')}: ${each.message}`)).toContain(problem);
  });

  it('refuse an attribute that is empty or a path', () => {
    const result = validateExternalUser(
      { username: 'alice', user: { storage: { driver: 's3', prefix: 'tenants/{tenant}/{username}' } }, attributes: { tenant: '' } },
      context,
      defaults,
    );
    expect(result).toMatchObject({ ok: false, problems: [{ path: ['storage', 'prefix'], message: '{tenant} is empty' }] });
  });

  it('refuse a passwordHash, another username, a missing storage and any field of a wrong type', () => {
    const result = validateExternalUser({ username: 'alice', user: { username: 'root', passwordHash: HASH, permissions: 'all' } }, context, defaults);
    expect(result.ok).toBe(false);
    const texts = !result.ok ? result.problems.map((each) => `${each.path.join('.')}: ${each.message}`) : [];
    expect(texts).toEqual(expect.arrayContaining(['username: differs from the login name', 'storage: required (or mounts)', expect.stringMatching(/^permissions: /), expect.stringMatching(/passwordHash/)]));
  });

  it('never read secrets from the environment or files on behalf of a provider', () => {
    const user = { storage: { driver: 's3', credentials: { accessKeyId: { env: 'SECRET' }, secretAccessKey: { file: '/etc/shadow' } } } };
    const result = validateExternalUser({ username: 'alice', user }, context, defaults);
    expect(result).toMatchObject({
      ok: false,
      problems: [
        { path: ['storage', 'credentials', 'accessKeyId'], message: 'environment variable SECRET is not set' },
        { path: ['storage', 'credentials', 'secretAccessKey'], message: 'secrets from files are not allowed here' },
      ],
    });
  });
});

describe('the auth section', () => {
  it('needs no configured users with an external provider, and checks userTemplate at load', () => {
    const config = parseConfig(
      [
        'defaults: { s3: { bucket: files } }',
        'auth:',
        '  providers:',
        '    - { type: http, url: "http://127.0.0.1:8080/login", bearerToken: "token-0123456789abcdef" }',
        '  userTemplate: { storage: { driver: s3, prefix: "customers/{username}" } }',
      ].join('\n'),
    );
    expect(config.users).toEqual([]);
    expect(config.auth.providers).toEqual([{ type: 'http', name: 'http', url: 'http://127.0.0.1:8080/login', bearerToken: 'token-0123456789abcdef', timeoutMs: 5_000, cacheTtlMs: 60_000, cacheMaxEntries: 10_000 }]);
    expect(
      problems(
        [
          'auth:',
          '  providers:',
          '    - { type: http, url: "ftp://x/", bearerToken: short, hmacSecret: "also-0123456789abcdef" }',
          '    - { type: config, name: http }',
          '    - { type: radius }',
          '  userTemplate: { storage: { driver: s3, prefix: "/{username}" }, permissions: [fly] }',
        ].join('\n'),
      ),
    ).toEqual(
      expect.arrayContaining([
        'auth.providers[0].url: must be an http:// or https:// URL',
        'auth.providers[0].bearerToken: must be at least 16 characters',
        expect.stringMatching(/^auth\.providers\[2\]\.type: /),
      ]),
    );
  });

  it('defaults to the configured users alone, and refuses two providers of one name', () => {
    expect(parseConfig(`users:\n  - { username: a, passwordHash: "${HASH}", storage: { driver: fs, root: /srv } }\n`).auth.providers).toEqual([{ type: 'config', name: 'config' }]);
    expect(problems('auth:\n  providers: [{ type: config }, { type: config }]\nusers: []\n')).toContain('auth.providers[1].name: config is already the name of providers[0]');
  });

  it('reports a userTemplate that cannot make a valid user', () => {
    expect(problems('auth:\n  providers: [{ type: http, url: "http://h/", bearerToken: "token-0123456789abcdef" }]\n  userTemplate: { storage: { driver: s3 }, permissions: [fly] }\n')).toEqual(
      expect.arrayContaining(['auth.userTemplate.storage.bucket: required', expect.stringMatching(/^auth\.userTemplate\.permissions\[0\]: /)]),
    );
  });
});
