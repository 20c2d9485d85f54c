/** The `cluster:` section reaches the engine: PASV/EPSV announce the replica's own slice, and a taken passive port stops the start naming it. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@bucketftp/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from './auth/password-hash.js';
import { loadConfig } from './config/load.js';
import { StartupError, startServer } from './start.js';

/** Consecutive free ports on 127.0.0.1. */
async function freeBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * 40_000);
    const held: Server[] = [];
    let free = true;
    for (let port = first; port < first + count && free; port++) {
      const server = createServer();
      free = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(true));
      });
      if (free) held.push(server);
    }
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
    if (free) return first;
  }
  throw new Error('no free block of ports');
}

/** Whether `count` ports from `first` on can all be listened on now. */
async function freeBlockAt(first: number, count: number): Promise<boolean> {
  const held: Server[] = [];
  let free = true;
  for (let port = first; port < first + count && free; port++) {
    const server = createServer();
    free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(true));
    });
    if (free) held.push(server);
  }
  await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  return free;
}

/** Logs in and returns the port of one EPSV reply. */
async function epsvPort(port: number): Promise<number> {
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
  const next = async (): Promise<string> => {
    while (lines.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return lines.shift()!;
  };
  try {
    await next();
    for (const command of ['USER alice', 'PASS secret']) {
      socket.write(`${command}\r\n`);
      await next();
    }
    socket.write('EPSV\r\n');
    const reply = await next();
    const match = /^229 .*\(\|\|\|(\d+)\|\)/.exec(reply);
    if (!match) throw new Error(`EPSV answered ${reply}`);
    return Number(match[1]);
  } finally {
    socket.destroy();
  }
}

describe('startServer in cluster mode', () => {
  let dir: string;
  let hash: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bucketftp-cluster-'));
    hash = await hashPassword('secret', { ln: 10, r: 8, p: 1 });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function config(first: number, replica: number): Promise<string> {
    const file = join(dir, `cluster-${replica}.yaml`);
    const settings = {
      server: { listen: [{ host: '127.0.0.1', port: 0 }], passive: { portRange: { min: first, max: first + 5 } }, shutdownGraceMs: 0 },
      http: { enabled: false },
      cluster: { replica, slices: 2, peers: ['127.0.0.1', '127.0.0.1'], relayPort: first + 6, host: '127.0.0.1' },
      users: [{ username: 'alice', passwordHash: hash, storage: { driver: 'fs', root: './alice' } }],
    };
    await writeFile(file, JSON.stringify(settings));
    return file;
  }

  it("announces ports of the replica's own slice only", async () => {
    const first = await freeBlock(7);
    const running = await startServer(await loadConfig(await config(first, 1)), silentLogger);
    try {
      const port = await epsvPort(running.addresses[0]!.port);
      expect(port).toBeGreaterThanOrEqual(first + 3);
      expect(port).toBeLessThanOrEqual(first + 5);
    } finally {
      await running.stop();
    }
  });

  it('stops with a message naming a passive port that is taken', async () => {
    const first = await freeBlock(7);
    const squatter = createServer().listen({ host: '127.0.0.1', port: first + 4 });
    try {
      const failure = await startServer(await loadConfig(await config(first, 0)), silentLogger).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as Error).message).toBe(`cannot listen on passive port ${first + 4}: EADDRINUSE`);
    } finally {
      squatter.close();
    }
    // The ports opened before the taken one, and the relay port, were released by the failed start.
    expect(await freeBlockAt(first, 7)).toBe(true);
  });
});
