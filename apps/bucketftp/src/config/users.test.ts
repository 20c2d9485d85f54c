import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { HASH, problems } from './config.fixture.js';


const withUser = (entry: string, top = '') => `${top}users:\n  - username: alice\n    passwordHash: "${HASH}"\n${entry}`;

describe('per-driver defaults', () => {
  const defaults = [
    'defaults:',
    '  s3: { bucket: shared-bucket, endpoint: "http://127.0.0.1:9000", forcePathStyle: true, credentials: { accessKeyId: AK, secretAccessKey: SK } }',
    '  gcs: { bucket: shared-gcs, projectId: p1 }',
    '',
  ].join('\n');

  it('are merged under a user’s storage, the user’s own values winning', () => {
    const config = parseConfig(withUser('    storage: { driver: s3, prefix: alice, region: eu-west-1 }\n', defaults));
    expect(config.users[0]?.storage).toEqual({
      driver: 's3',
      bucket: 'shared-bucket',
      prefix: 'alice',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
    });
  });

  it('fill the required bucket of GCS users and of mounts too', () => {
    const config = parseConfig(
      withUser('    mounts:\n      - { path: /in, storage: { driver: gcs, prefix: a } }\n      - { path: /out, storage: { driver: s3, bucket: other-bucket } }\n', defaults),
    );
    expect(config.users[0]?.mounts?.[0]?.storage).toMatchObject({ driver: 'gcs', bucket: 'shared-gcs', projectId: 'p1', prefix: 'a' });
    expect(config.users[0]?.mounts?.[1]?.storage).toMatchObject({ driver: 's3', bucket: 'other-bucket', endpoint: 'http://127.0.0.1:9000' });
  });

  it('do not stand in for a field nobody gave', () => {
    expect(problems(withUser('    storage: { driver: s3, prefix: alice }\n'))).toContain('users[0].storage.bucket: required');
  });

  it('are checked themselves, by path', () => {
    expect(problems(withUser('    storage: { driver: fs, root: x }\n', 'defaults:\n  s3: { endpoint: nowhere, prefix: x }\n'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^defaults\.s3\.endpoint: /), expect.stringMatching(/^defaults\.s3: Unrecognized key: "prefix"/)]),
    );
  });
});

describe('a local-folder storage', () => {
  it('takes durable as a boolean, absent when not given', () => {
    expect(parseConfig(withUser('    storage: { driver: fs, root: x, durable: true }\n'), '/etc/bucketftp/config.yaml').users[0]?.storage).toEqual({
      driver: 'fs',
      root: '/etc/bucketftp/x',
      durable: true,
    });
    expect(parseConfig(withUser('    storage: { driver: fs, root: x }\n'), '/etc/bucketftp/config.yaml').users[0]?.storage).not.toHaveProperty('durable');
  });

  it('refuses a durable that is not a boolean, and durable on a bucket', () => {
    expect(problems(withUser('    storage: { driver: fs, root: x, durable: "yes" }\n'))).toEqual([expect.stringMatching(/^users\[0\]\.storage\.durable: /)]);
    expect(problems(withUser('    storage: { driver: s3, bucket: some-bucket, durable: true }\n'))).toEqual([
      expect.stringMatching(/^users\[0\]\.storage: Unrecognized key: "durable"/),
    ]);
  });
});

describe('mounts', () => {
  it('are normalised and default to writable', () => {
    const config = parseConfig(
      withUser('    mounts:\n      - { path: /inbox/, storage: { driver: fs, root: ./in } }\n      - { path: /, storage: { driver: fs, root: /srv/ro }, readOnly: true }\n'),
      '/etc/bucketftp/config.yaml',
    );
    expect(config.users[0]?.mounts).toEqual([
      { path: '/inbox', storage: { driver: 'fs', root: '/etc/bucketftp/in' }, readOnly: false },
      { path: '/', storage: { driver: 'fs', root: '/srv/ro' }, readOnly: true },
    ]);
  });

  it.each([
    ['neither storage nor mounts', '    permissions: [list]\n', 'users[0].storage: required (or mounts)'],
    ['both storage and mounts', '    storage: { driver: fs, root: x }\n    mounts: [{ path: /a, storage: { driver: fs, root: y } }]\n', 'users[0].mounts: give either storage or mounts, not both'],
    ['an empty mount list', '    mounts: []\n', 'users[0].mounts: Too small'],
    ['a relative mount path', '    mounts: [{ path: inbox, storage: { driver: fs, root: y } }]\n', 'users[0].mounts[0].path: must be an absolute path'],
    ['a dot-dot mount path', '    mounts: [{ path: /a/../b, storage: { driver: fs, root: y } }]\n', 'users[0].mounts[0].path: must not contain'],
    ['two mounts at one path', '    mounts:\n      - { path: /a, storage: { driver: fs, root: y } }\n      - { path: /a/, storage: { driver: fs, root: z } }\n', 'users[0].mounts[1].path: /a is already mounted by mounts[0]'],
    ['a mount without storage', '    mounts: [{ path: /a }]\n', 'users[0].mounts[0].storage'],
    ['a mount storage missing its bucket', '    mounts: [{ path: /a, storage: { driver: s3 } }]\n', 'users[0].mounts[0].storage.bucket: required'],
  ])('reject %s', (_name, entry, expected) => {
    expect(problems(withUser(entry)).some((problem) => problem.startsWith(expected))).toBe(true);
  });
});

describe('user limits and sources', () => {
  it('accepts allowedSources and maxConnections', () => {
    const config = parseConfig(withUser('    storage: { driver: fs, root: x }\n    maxConnections: 2\n    allowedSources: [10.0.0.0/8, 192.0.2.7/32, "::1/128", 198.51.100.1]\n'));
    expect(config.users[0]).toMatchObject({ maxConnections: 2, allowedSources: ['10.0.0.0/8', '192.0.2.7/32', '::1/128', '198.51.100.1'] });
  });

  it.each([
    ['a CIDR with a prefix too long', '    allowedSources: [10.0.0.0/33]\n', 'users[0].allowedSources[0]: must be an address or CIDR block'],
    ['a host name as a source', '    allowedSources: [example.com]\n', 'users[0].allowedSources[0]'],
    ['an empty source list', '    allowedSources: []\n', 'users[0].allowedSources'],
    ['a zero connection limit', '    maxConnections: 0\n', 'users[0].maxConnections'],
    ['a negative bandwidth limit', '    limits: { uploadBytesPerSecond: -1 }\n', 'users[0].limits.uploadBytesPerSecond'],
    ['a fractional bandwidth limit', '    limits: { downloadBytesPerSecond: 1.5 }\n', 'users[0].limits.downloadBytesPerSecond'],
    ['a bandwidth limit with a unit', '    limits: { downloadBytesPerSecond: 10MiB }\n', 'users[0].limits.downloadBytesPerSecond'],
    ['an unknown limit', '    limits: { bytesPerSecond: 1000 }\n', 'users[0].limits: Unrecognized key'],
  ])('rejects %s', (_name, extra, expected) => {
    expect(problems(withUser(`    storage: { driver: fs, root: x }\n${extra}`)).some((problem) => problem.startsWith(expected))).toBe(true);
  });
});

describe('bandwidth limits and per-user metrics', () => {
  it('takes user limits in bytes per second, a missing direction meaning none', () => {
    const config = parseConfig(withUser('    storage: { driver: fs, root: x }\n    limits: { downloadBytesPerSecond: 1048576 }\n'));
    expect(config.users[0]?.limits).toEqual({ uploadBytesPerSecond: 0, downloadBytesPerSecond: 1_048_576 });
  });

  it('defaults to no server-wide limits and no per-user metrics', () => {
    const config = parseConfig(withUser('    storage: { driver: fs, root: x }\n'));
    expect(config.users[0]?.limits).toBeUndefined();
    expect(config.server.limits).toMatchObject({ uploadBytesPerSecond: 0, downloadBytesPerSecond: 0 });
    expect(config.metrics).toEqual({ perUser: false, maxUsers: 100 });
  });

  it('rejects a negative server-wide limit and a maxUsers of 0', () => {
    const top = 'server: { limits: { downloadBytesPerSecond: -5 } }\nmetrics: { perUser: true, maxUsers: 0 }\n';
    expect(problems(withUser('    storage: { driver: fs, root: x }\n', top))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^server\.limits\.downloadBytesPerSecond: /), expect.stringMatching(/^metrics\.maxUsers: /)]),
    );
  });
});

describe('the http section', () => {
  it('defaults to 127.0.0.1:9090 with a 5 s readiness cache', () => {
    expect(parseConfig(withUser('    storage: { driver: fs, root: x }\n')).http).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 9090,
      readyCacheMs: 5000,
      pingTimeoutMs: 3000,
    });
  });

  it('rejects an unknown key and a bad port', () => {
    expect(problems(withUser('    storage: { driver: fs, root: x }\n', 'http: { port: 99999, colour: red }\n'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^http\.port: /), 'http: Unrecognized key: "colour"']),
    );
  });
});

describe('usersFile', () => {
  it('lets the configuration file hold no users', () => {
    const config = parseConfig('usersFile: ./users.yaml\n');
    expect(config.users).toEqual([]);
    expect(config.usersFile).toBe('./users.yaml');
  });

  it('is required when there are no users', () => {
    expect(problems('users: []\n')).toContain('users: at least one user is required (here or in usersFile)');
  });
});
