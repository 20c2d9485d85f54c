/** The engine's session lines, written by pino as JSON: each key appears once on a line. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from './auth/password-hash.js';
import { loadConfig } from './config/load.js';
import { startServer } from './start.js';

/** Sends each command in turn and waits for its reply; the first reply read is the greeting. */
async function converse(port: number, commands: readonly string[]): Promise<string[]> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  const lines: string[] = [];
  let buffered = '';
  let wake: (() => void) | undefined;
  socket.on('data', (text: string) => {
    buffered += text;
    const parts = buffered.split('\r\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    wake?.();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const next = async (): Promise<string> => {
    while (lines.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return lines.shift()!;
  };
  const replies = [await next()];
  for (const command of commands) {
    socket.write(`${command}\r\n`);
    replies.push(await next());
  }
  await closed;
  return replies;
}

/** The names of a JSON object's top-level keys, duplicates included (JSON.parse keeps only the last). */
function topLevelKeys(line: string): string[] {
  const record = JSON.parse(line) as Record<string, unknown>;
  return Object.keys(record).flatMap((key) => Array<string>(line.split(`${JSON.stringify(key)}:`).length - 1).fill(key));
}

describe('session log lines', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bucketftp-session-log-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('name the user once on the session end line', async () => {
    const file = join(dir, 'config.yaml');
    const settings = {
      server: { listen: [{ host: '127.0.0.1', port: 0 }], shutdownGraceMs: 0 },
      http: { enabled: false },
      users: [{ username: 'alice', passwordHash: await hashPassword('secret', { ln: 10, r: 8, p: 1 }), storage: { driver: 'fs', root: './alice' } }],
    };
    await writeFile(file, JSON.stringify(settings));
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8').trimEnd());
        done();
      },
    });
    const running = await startServer(await loadConfig(file), pino({ level: 'info' }, sink));
    try {
      const replies = await converse(running.addresses[0]!.port, ['USER alice', 'PASS secret', 'QUIT']);
      expect(replies.map((reply) => reply.slice(0, 3))).toEqual(['220', '331', '230', '221']);
    } finally {
      await running.stop();
    }
    const end = lines.find((line) => (JSON.parse(line) as { msg?: unknown }).msg === 'session end');
    expect(end).toBeDefined();
    const keys = topLevelKeys(end!);
    expect(keys.filter((key) => key === 'user')).toEqual(['user']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(JSON.parse(end!)).toMatchObject({ user: 'alice', transfers: 0 });
  });
});
