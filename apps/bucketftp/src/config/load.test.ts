import { describe, expect, it } from 'vitest';
import { formatPath, parseConfig } from './load.js';
import { HASH, problems } from './config.fixture.js';


const user = (extra = '') => `users:\n  - username: alice\n    passwordHash: "${HASH}"\n    storage: { driver: fs, root: ./alice }\n${extra}`;

describe('configuration', () => {
  it('accepts a minimal file and fills in defaults', () => {
    const config = parseConfig(user());
    expect(config.server.listen).toEqual([{ host: '127.0.0.1', port: 2121, implicitTls: false }]);
    expect(config.users[0]?.permissions).toEqual(['list', 'read', 'write', 'delete', 'rename', 'mkdir']);
    expect(config.users[0]?.partialUploads).toBe('discard');
    expect(config.server.shutdownGraceMs).toBe(30_000);
  });

  it.each([
    ['no users', 'server: {}', 'users: required'],
    ['YAML syntax', 'users: [', 'YAML syntax'],
    ['missing storage root', `users:\n  - username: a\n    passwordHash: "${HASH}"\n    storage: { driver: fs }`, 'users[0].storage.root: required'],
    ['unknown driver', `users:\n  - username: a\n    passwordHash: "${HASH}"\n    storage: { driver: ftp }`, 'users[0].storage.driver'],
    ['plain password', `users:\n  - username: a\n    passwordHash: secret\n    storage: { driver: fs, root: x }`, 'users[0].passwordHash: must be a hash'],
    ['unknown key', `${user()}    colour: blue\n`, 'users[0]: Unrecognized key: "colour"'],
    ['bad permission', `${user()}    permissions: [fly]\n`, 'users[0].permissions[0]'],
    ['port out of range', `server:\n  listen: [{ host: 127.0.0.1, port: 70000 }]\n${user()}`, 'server.listen[0].port'],
    ['passive range reversed', `server:\n  passive: { portRange: { min: 40010, max: 40000 } }\n${user()}`, 'server.passive.portRange.max: min must not exceed max'],
    ['privileged passive port', `server:\n  passive: { portRange: { min: 21, max: 40000 } }\n${user()}`, 'server.passive.portRange.min'],
    ['public address not IPv4', `server:\n  passive: { publicAddress: example.com }\n${user()}`, 'server.passive.publicAddress'],
    ['duplicate users', `${user()}${user().replace('users:\n', '')}`, 'users[1].username: duplicate of users[0].username'],
    ['demo user on all interfaces', `server:\n  listen: [{ host: 0.0.0.0, port: 21 }]\n${user('    demo: true\n')}`, 'users[0].demo: the demo user may only be served on a loopback address'],
    ['bad log level', `logging: { level: loud }\n${user()}`, 'logging.level'],
    ['negative timeout', `server:\n  limits: { idleTimeoutMs: -1 }\n${user()}`, 'server.limits.idleTimeoutMs'],
    ['s3 without a bucket', `users:\n  - username: a\n    passwordHash: "${HASH}"\n    storage: { driver: s3 }`, 'users[0].storage.bucket: required'],
    ['s3 prefix with a leading slash', `users:\n  - username: a\n    passwordHash: "${HASH}"\n    storage: { driver: s3, bucket: data, prefix: /acme }`, 'users[0].storage.prefix'],
    ['s3 endpoint not a URL', `users:\n  - username: a\n    passwordHash: "${HASH}"\n    storage: { driver: s3, bucket: data, endpoint: nowhere }`, 'users[0].storage.endpoint'],
    ['s3 mtimeLookups below 0', `users:\n  - username: a\n    passwordHash: "${HASH}"\n    storage: { driver: s3, bucket: data, mtimeLookups: -1 }`, 'users[0].storage.mtimeLookups'],
    ['s3 folderCacheMs below 0', `users:\n  - username: a\n    passwordHash: "${HASH}"\n    storage: { driver: s3, bucket: data, folderCacheMs: -1 }`, 'users[0].storage.folderCacheMs'],
    ['gcs without a bucket', `users:\n  - username: a\n    passwordHash: "${HASH}"\n    storage: { driver: gcs, prefix: acme }`, 'users[0].storage.bucket: required'],
    ['implicit FTPS without a certificate', `server:\n  listen: [{ host: 127.0.0.1, port: 990, implicitTls: true }]\n${user()}`, 'server.listen[0].implicitTls: implicit FTPS needs server.tls'],
    ['TLS without a key', `server:\n  tls: { certFile: cert.pem }\n${user()}`, 'server.tls.keyFile: required'],
    ['TLS 1.1', `server:\n  tls: { certFile: c.pem, keyFile: k.pem, minVersion: TLSv1.1 }\n${user()}`, 'server.tls.minVersion'],
    ['PROXY protocol without proxies', `server:\n  proxyProtocol: { trustedProxies: [] }\n${user()}`, 'server.proxyProtocol.trustedProxies'],
    ['ban exemption that is no address', `server:\n  bans: { exempt: [office] }\n${user()}`, 'server.bans.exempt[0]'],
    ['username with a space', user().replace('alice', 'al ice'), 'users[0].username: must not contain spaces or colons'],
  ])('rejects %s', (_name, yaml, expected) => {
    expect(problems(yaml).some((problem) => problem.includes(expected))).toBe(true);
  });

  it('lists every problem, not just the first', () => {
    const found = problems(`server:\n  listen: [{ host: 127.0.0.1, port: -1 }]\nlogging: { level: loud }\nusers: []`);
    expect(found.length).toBeGreaterThanOrEqual(3);
  });

  it('formats paths like the file', () => {
    expect(formatPath(['users', 3, 'storage', 'bucket'])).toBe('users[3].storage.bucket');
    expect(formatPath([])).toBe('');
  });
});
