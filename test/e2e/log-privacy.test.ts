/**
 * Logs at debug level while users log in, fail to log in and work: the passwords never appear, and
 * every line is a JSON object carrying the session id and, once known, the user.
 */
import { join } from 'node:path';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '@bucketftp/server/testing';
import { CLI_BIN, freePort, requireBuiltCli, startCli, writeConfig } from './support/cli.js';
import { makeTempDir, removeDir, writePatternFile } from './support/files.js';
import { describeRun, runProgram } from './support/run.js';

const USER = 'dora';
const PASSWORD = 'Quokka-Zebra-5531-secret';
const WRONG_PASSWORD = 'Wombat-Narwhal-9917-guess';

describe('log privacy', () => {
  let dir: string;

  beforeAll(async () => {
    requireBuiltCli();
    dir = await makeTempDir('logs');
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  it('never logs a password and writes JSON lines with sid and user', async () => {
    const hashed = await runProgram(process.execPath, [CLI_BIN, 'hash-password'], { input: PASSWORD });
    expect(hashed.code, describeRun(hashed)).toBe(0);
    const port = await freePort();
    const configPath = join(dir, 'debug.yaml');
    await writeConfig(configPath, { port, level: 'debug', users: [{ username: USER, passwordHash: hashed.stdout.trim(), root: join(dir, 'home') }] });
    await writePatternFile(join(dir, 'home', 'file.bin'), 10_000, 'logs');

    const running = await startCli(configPath);
    try {
      const wrong = new Client(10_000);
      await expect(wrong.access({ host: '127.0.0.1', port, user: USER, password: WRONG_PASSWORD })).rejects.toMatchObject({ code: 530 });
      wrong.close();

      const client = new Client(10_000);
      await client.access({ host: '127.0.0.1', port, user: USER, password: PASSWORD });
      await client.list();
      await client.downloadTo(join(dir, 'copy.bin'), 'file.bin');
      client.close();

      // Verbs are case-insensitive (RFC 959 §5.3): a lower-case `pass` is masked as well.
      const raw = await ControlClient.connect({ host: '127.0.0.1', port, greeting: true });
      expect((await raw.command(`user ${USER}`)).code).toBe(331);
      expect((await raw.command(`pass ${PASSWORD}`)).code).toBe(230);
      raw.destroy();
      expect(await running.stop('SIGTERM')).toBe(0);
    } finally {
      await running.stop('SIGKILL');
    }

    const stdout = running.stdout();
    for (const secret of [PASSWORD, WRONG_PASSWORD]) {
      expect(stdout).not.toContain(secret);
      expect(running.stderr()).not.toContain(secret);
    }
    const lines = stdout.split('\n').filter((line) => line !== '');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(5);
    // Every session line carries its sid; after login the user is bound too.
    const sessionLines = records.filter((record) => record.sid !== undefined);
    expect(sessionLines.some((record) => record.msg === 'login' && record.user === USER)).toBe(true);
    expect(sessionLines.some((record) => record.msg === 'login failed' && record.user === USER)).toBe(true);
    expect(sessionLines.some((record) => record.msg === 'command' && record.cmd === 'PASS' && record.arg === '****')).toBe(true);
    expect(sessionLines.some((record) => record.msg === 'transfer complete' && record.user === USER)).toBe(true);
  });
});
