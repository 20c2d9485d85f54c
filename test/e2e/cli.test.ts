/**
 * The `bucketftp` command line as a real process: help, configuration checks, the demo user, the
 * hash-password command and a clean exit on SIGTERM.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'basic-ftp';
import { parseConfig } from 'bucketftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, DEMO_CONFIG, freePort, requireBuiltCli, startCli, writeConfig } from './support/cli.js';
import { makeTempDir, removeDir, sha256File, writePatternFile } from './support/files.js';
import { describeRun, runProgram, type RunResult } from './support/run.js';

function cli(args: readonly string[], input?: string): Promise<RunResult> {
  return runProgram(process.execPath, [CLI_BIN, ...args], { input, timeoutMs: 20_000 });
}

async function login(port: number, user: string, password: string): Promise<Client> {
  const client = new Client(10_000);
  await client.access({ host: '127.0.0.1', port, user, password });
  return client;
}

describe('bucketftp CLI', () => {
  let dir: string;

  beforeAll(async () => {
    requireBuiltCli();
    dir = await makeTempDir('cli');
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  it('prints the usage for --help and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('Usage:');
    expect(result.stdout).toContain('hash-password');
  });

  it('accepts the shipped demo configuration with --check-config', async () => {
    const result = await cli(['--config', DEMO_CONFIG, '--check-config']);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain('configuration is valid');
  });

  it('names every problem of a bad file by its path and exits 1', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, ['users:', '  - username: alice', '    storage:', '      driver: fs', ''].join('\n'));
    const result = await cli(['--config', bad, '--check-config']);
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stderr).toMatch(/^ {2}- users\[0\]\.storage\.root: required$/m);
    expect(result.stderr).toMatch(/^ {2}- users\[0\]\.passwordHash: required$/m);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
  });

  it('refuses the demo user on a non-loopback listener, naming users[0].demo', async () => {
    const demo = parseConfig(await readFile(DEMO_CONFIG, 'utf8'), DEMO_CONFIG);
    const exposed = join(dir, 'exposed.yaml');
    const config = {
      server: { listen: [{ host: '0.0.0.0', port: 2121 }] },
      users: [{ username: 'demo', passwordHash: demo.users[0]!.passwordHash, demo: true, storage: { driver: 'fs', root: join(dir, 'exposed') } }],
    };
    await writeFile(exposed, JSON.stringify(config));
    for (const args of [['--config', exposed, '--check-config'], ['--config', exposed]]) {
      const result = await cli(args);
      expect(result.code, describeRun(result)).toBe(1);
      expect(result.stderr).toMatch(/users\[0\]\.demo: .*0\.0\.0\.0/);
    }
  });

  it('serves the demo user (demo/demo) and exits 0 on SIGTERM', async () => {
    const demo = parseConfig(await readFile(DEMO_CONFIG, 'utf8'), DEMO_CONFIG);
    const port = await freePort();
    const configPath = join(dir, 'demo.yaml');
    const root = join(dir, 'demo-root');
    await writeConfig(configPath, { port, users: [{ username: 'demo', passwordHash: demo.users[0]!.passwordHash, demo: true, root }] });
    await writePatternFile(join(dir, 'demo-upload.bin'), 300_000, 'cli-demo');

    const running = await startCli(configPath);
    let client: Client | undefined;
    try {
      client = await login(port, 'demo', 'demo');
      await client.uploadFrom(join(dir, 'demo-upload.bin'), 'upload.bin');
      expect(await sha256File(join(root, 'upload.bin'))).toBe(await sha256File(join(dir, 'demo-upload.bin')));
      // The session is still open when the signal arrives: the server drains and exits cleanly.
      expect(await running.stop('SIGTERM')).toBe(0);
      expect(running.stdout()).toMatch(/"msg":"shutting down"/);
    } finally {
      client?.close();
      await running.stop('SIGKILL');
    }
  });

  it('hash-password prints a $scrypt$ hash that the server accepts for login', async () => {
    const password = 'Correct-Horse-7781';
    const hashed = await cli(['hash-password'], `${password}\n`);
    expect(hashed.code, describeRun(hashed)).toBe(0);
    expect(hashed.stdout).toMatch(/^\$scrypt\$ln=\d+,r=\d+,p=\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+\n$/);

    const port = await freePort();
    const configPath = join(dir, 'hashed.yaml');
    await writeConfig(configPath, { port, users: [{ username: 'carol', passwordHash: hashed.stdout.trim(), root: join(dir, 'carol') }] });
    const running = await startCli(configPath);
    try {
      const client = await login(port, 'carol', password);
      expect(await client.pwd()).toBe('/');
      client.close();
      await expect(login(port, 'carol', `${password}x`)).rejects.toMatchObject({ code: 530 });
      expect(await running.stop('SIGTERM')).toBe(0);
    } finally {
      await running.stop('SIGKILL');
    }
  });

  it('hash-password refuses an empty password', async () => {
    const result = await cli(['hash-password'], '\n');
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stdout).toBe('');
  });
});
