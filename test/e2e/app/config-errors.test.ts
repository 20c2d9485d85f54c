/**
 * Bad configurations, at the process level: the real `bucketftp` is started (and, for some cases,
 * asked to `--check-config`) with each file of the table. Every one must stop with exit code 1 and a
 * message naming the problem by its path in the file, never a stack trace.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, requireBuiltCli } from '../support/cli.js';
import { makeTempDir, removeDir } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import { createCertificate, type CertificateFiles } from '../security/support/certificate.js';
import { freePorts, testHash } from './support/app.js';

interface Case {
  readonly name: string;
  /** The configuration file's text, `$DIR` standing for the test folder and `$HASH` for a valid hash. */
  readonly config: string;
  /** Extra files next to it, same substitutions. */
  readonly files?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  /** Lines the error output must hold (after substitution). */
  readonly expected: readonly string[];
  /** Run with --check-config instead of starting the server. */
  readonly check?: boolean;
}

const user = (name: string, storage = '{ driver: fs, root: ./data }', extra = '') =>
  `  - username: ${name}\n    passwordHash: "$HASH"\n    storage: ${storage}\n${extra}`;

// Free ports, so that a case wrongly accepted starts a server the test can see (and time out on).
const LISTEN = 'server:\n  listen: [{ host: 127.0.0.1, port: $FTP_PORT }]\nhttp: { port: $HTTP_PORT }\n';

const CASES: readonly Case[] = [
  { name: 'a YAML syntax error', config: 'users: [', expected: ['YAML syntax:'] },
  { name: 'an unknown top-level key', config: `${LISTEN}colour: blue\nusers:\n${user('a')}`, expected: ['Unrecognized key: "colour"'] },
  { name: 'no users and no usersFile', config: `${LISTEN}logging: { level: info }\n`, expected: ['users: required (or usersFile)'], check: true },
  {
    name: 'the fourth user without a bucket',
    config: `${LISTEN}users:\n${user('a')}${user('b')}${user('c')}${user('d', '{ driver: s3, prefix: d }')}`,
    expected: ['users[3].storage.bucket: required'],
  },
  {
    name: 'a password hash from an unset variable',
    config: `${LISTEN}users:\n  - username: a\n    passwordHash: { env: BUCKETFTP_E2E_UNSET_HASH }\n    storage: { driver: fs, root: ./a }\n`,
    expected: ['users[0].passwordHash: environment variable BUCKETFTP_E2E_UNSET_HASH is not set'],
  },
  {
    name: 'an S3 secret from a missing file',
    config: `${LISTEN}users:\n${user('a', '{ driver: s3, bucket: data, credentials: { accessKeyId: AK, secretAccessKey: { file: ./secrets/s3-key } } }')}`,
    expected: ['users[0].storage.credentials.secretAccessKey: cannot read the secret file $DIR/secrets/s3-key (ENOENT)'],
    check: true,
  },
  {
    name: 'a plain password from the environment',
    config: `${LISTEN}users:\n  - username: a\n    passwordHash: { env: BUCKETFTP_E2E_PLAIN }\n    storage: { driver: fs, root: ./a }\n`,
    env: { BUCKETFTP_E2E_PLAIN: 'hunter2' },
    expected: ['users[0].passwordHash: must be a hash made by `bucketftp hash-password`'],
  },
  {
    name: 'bad S3 defaults',
    config: `${LISTEN}defaults:\n  s3: { endpoint: not-a-url, partSizeMiB: 1 }\nusers:\n${user('a')}`,
    expected: ['defaults.s3.endpoint: Invalid URL', 'defaults.s3.partSizeMiB: Too small'],
  },
  {
    name: 'a relative mount path',
    config: `${LISTEN}users:\n  - username: a\n    passwordHash: "$HASH"\n    mounts: [{ path: inbox, storage: { driver: fs, root: ./in } }]\n`,
    expected: ['users[0].mounts[0].path: must be an absolute path such as /inbox'],
  },
  {
    name: 'two mounts at one path',
    config: `${LISTEN}users:\n  - username: a\n    passwordHash: "$HASH"\n    mounts:\n      - { path: /in, storage: { driver: fs, root: ./in } }\n      - { path: /in/, storage: { driver: fs, root: ./in2 } }\n`,
    expected: ['users[0].mounts[1].path: /in is already mounted by mounts[0]'],
  },
  {
    name: 'both storage and mounts',
    config: `${LISTEN}users:\n${user('a', '{ driver: fs, root: ./a }', '    mounts: [{ path: /x, storage: { driver: fs, root: ./x } }]\n')}`,
    expected: ['users[0].mounts: give either storage or mounts, not both'],
    check: true,
  },
  {
    name: 'a bad allowedSources block',
    config: `${LISTEN}users:\n${user('a', undefined, '    allowedSources: [10.0.0.0/8, 10.0.0.0/40]\n')}`,
    expected: ['users[0].allowedSources[1]: must be an address or CIDR block such as 10.0.0.0/8 or ::1/128'],
  },
  {
    name: 'an HTTP port out of range',
    config: `server:\n  listen: [{ host: 127.0.0.1, port: $FTP_PORT }]\nhttp: { port: 70000 }\nusers:\n${user('a')}`,
    expected: ['http.port: Too big'],
  },
  {
    name: 'a user in both files',
    config: `${LISTEN}usersFile: users.yaml\nusers:\n${user('twice')}`,
    files: { 'users.yaml': `users:\n${user('other')}${user('twice')}` },
    expected: ['$DIR/users.yaml: invalid configuration', 'users[1].username: duplicate of users[0].username in $DIR/config.yaml'],
  },
  {
    name: 'a missing users file',
    config: `${LISTEN}usersFile: ./nowhere/users.yaml\n`,
    expected: ['$DIR/nowhere/users.yaml: invalid configuration', 'cannot read the file (ENOENT)'],
    check: true,
  },
  {
    name: 'a bad entry in the users file',
    config: `${LISTEN}usersFile: users.yaml\n`,
    files: { 'users.yaml': `users:\n${user('a', '{ driver: gcs }')}` },
    expected: ['$DIR/users.yaml: invalid configuration', 'users[0].storage.bucket: required'],
  },
  {
    name: 'the demo user on all interfaces',
    config: `server:\n  listen: [{ host: 0.0.0.0, port: $FTP_PORT }]\nhttp: { port: $HTTP_PORT }\nusers:\n${user('demo', undefined, '    demo: true\n')}`,
    expected: ['users[0].demo: the demo user may only be served on a loopback address (server.listen[0].host is 0.0.0.0)'],
  },
  {
    name: 'a reversed passive range',
    config: `server:\n  listen: [{ host: 127.0.0.1, port: $FTP_PORT }]\n  passive: { portRange: { min: 40010, max: 40000 } }\nhttp: { port: $HTTP_PORT }\nusers:\n${user('a')}`,
    expected: ['server.passive.portRange.max: min must not exceed max'],
  },
  {
    name: 'a zero connection limit',
    config: `${LISTEN}users:\n${user('a', undefined, '    maxConnections: 0\n')}`,
    expected: ['users[0].maxConnections: Too small'],
  },
  {
    name: 'many problems at once',
    config: `server:\n  listen: [{ host: 127.0.0.1, port: -1 }]\nlogging: { level: loud }\nhttp: { port: $HTTP_PORT }\nusers:\n  - username: "a b"\n    storage: { driver: s3 }\n`,
    expected: [
      'server.listen[0].port: Too small',
      'logging.level: Invalid option',
      'users[0].username: must not contain spaces or colons',
      'users[0].passwordHash: required',
      'users[0].storage.bucket: required',
    ],
  },
];

describe('bucketftp refuses a bad configuration', () => {
  let dir: string;
  let hash: string;
  let ports: { ftp: number; http: number };
  let guard: Server[] = [];

  beforeAll(async () => {
    requireBuiltCli();
    dir = await makeTempDir('config-errors');
    hash = await testHash('unused');
    ports = await freePorts();
  });
  afterAll(async () => {
    for (const server of guard) server.close();
    guard = [];
    await removeDir(dir);
  });

  it('has a table of at least 15 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES.map((entry) => [entry.name, entry] as const))('%s', async (name, entry) => {
    const caseDir = join(dir, name.replace(/[^a-z0-9]+/gi, '-'));
    const substitute = (text: string) =>
      text.replaceAll('$DIR', caseDir).replaceAll('$HASH', hash).replaceAll('$FTP_PORT', String(ports.ftp)).replaceAll('$HTTP_PORT', String(ports.http));
    await mkdir(join(caseDir, 'secrets'), { recursive: true });
    await writeFile(join(caseDir, 'config.yaml'), substitute(entry.config));
    for (const [file, text] of Object.entries(entry.files ?? {})) await writeFile(join(caseDir, file), substitute(text));
    const args = ['--config', join(caseDir, 'config.yaml'), ...(entry.check ? ['--check-config'] : [])];
    const result = await runProgram(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, ...entry.env }, timeoutMs: 20_000 });
    expect(result.code, describeRun(result)).toBe(1);
    const lines = result.stderr.split('\n');
    for (const expected of entry.expected.map(substitute)) {
      expect(
        lines.some((line) => line === expected || line.startsWith(`  - ${expected}`) || (line.startsWith('  - ') && line.includes(expected))),
        `expected "${expected}" in:\n${result.stderr}`,
      ).toBe(true);
    }
    expect(result.stderr).toMatch(/: invalid configuration\n/);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    expect(result.stdout).not.toMatch(/"msg":"listening"/);
  });

  it('names the file when it cannot be read', async () => {
    const result = await runProgram(process.execPath, [CLI_BIN, '--config', join(dir, 'absent.yaml')], { timeoutMs: 20_000 });
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toBe(`${join(dir, 'absent.yaml')}: invalid configuration\n  - cannot read the file (ENOENT)\n`);
  });

  it('stops with a message, not a stack trace, when a port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen({ host: '127.0.0.1', port: 0 }, resolve));
    guard.push(taken);
    const address = taken.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const config = join(dir, 'busy.yaml');
    await writeFile(
      config,
      `server:\n  listen: [{ host: 127.0.0.1, port: ${ports.ftp} }]\nhttp: { port: ${address.port} }\nlogging: { level: silent }\nusers:\n${user('a').replace('$HASH', hash).replace('./data', join(dir, 'busy-data'))}`,
    );
    const result = await runProgram(process.execPath, [CLI_BIN, '--config', config], { timeoutMs: 20_000 });
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toBe(`bucketftp: cannot listen on http 127.0.0.1:${address.port}: address already in use (EADDRINUSE)\n`);
  });
});

describe('bucketftp refuses an unusable TLS certificate or key, at start and with --check-config', () => {
  let dir: string;
  let hash: string;
  let ports: { ftp: number; http: number };
  let first: CertificateFiles;
  let second: CertificateFiles;

  beforeAll(async () => {
    requireBuiltCli();
    dir = await makeTempDir('config-errors-tls');
    hash = await testHash('unused');
    ports = await freePorts();
    first = await createCertificate(dir, 'first');
    second = await createCertificate(dir, 'second');
    await writeFile(join(dir, 'garbage.pem'), '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  const TLS_CASES = [
    { name: 'a missing certificate', certFile: 'absent.pem', keyFile: 'first.key', expected: 'server.tls.certFile: cannot read $DIR/absent.pem (ENOENT)' },
    { name: 'a garbage certificate', certFile: 'garbage.pem', keyFile: 'first.key', expected: 'server.tls.certFile: $DIR/garbage.pem holds no PEM certificate' },
    { name: 'a certificate given as the key', certFile: 'first.pem', keyFile: 'first.pem', expected: 'server.tls.keyFile: $DIR/first.pem holds no unencrypted PEM private key' },
    {
      name: "another certificate's key",
      certFile: 'first.pem',
      keyFile: 'second.key',
      expected: 'server.tls.keyFile: the key in $DIR/second.key does not belong to the certificate in $DIR/first.pem',
    },
  ] as const;

  const runs = TLS_CASES.flatMap((entry) => [
    [`${entry.name} (start)`, entry, false],
    [`${entry.name} (--check-config)`, entry, true],
  ] as const);

  it.each(runs)('%s', async (name, entry, check) => {
    expect([first.certPath, second.certPath]).toEqual([join(dir, 'first.pem'), join(dir, 'second.pem')]);
    const config = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
    await writeFile(
      config,
      `server:\n  listen: [{ host: 127.0.0.1, port: ${ports.ftp} }]\n  tls: { certFile: ${entry.certFile}, keyFile: ${entry.keyFile} }\n` +
        `http: { port: ${ports.http} }\nusers:\n${user('a').replace('$HASH', hash).replace('./data', join(dir, 'data'))}`,
    );
    const result = await runProgram(process.execPath, [CLI_BIN, '--config', config, ...(check ? ['--check-config'] : [])], { timeoutMs: 20_000 });
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toBe(`${config}: invalid configuration\n  - ${entry.expected.replaceAll('$DIR', dir)}\n`);
    expect(result.stdout).not.toMatch(/configuration is valid|"msg":"listening"/);
  });
});
