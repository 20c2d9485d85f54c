import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { silentLogger } from '@bucketftp/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config/load.js';
import { StartupError, startServer } from './start.js';
import { HASH } from './config/config.fixture.js';

/** Whether a connection to 127.0.0.1:port is refused: nothing listens there. */
async function refused(port: number): Promise<boolean> {
  return await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('startServer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bucketftp-start-'));
    await writeFile(join(dir, 'a-file'), 'not a folder');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function config(name: string, root: string): Promise<string> {
    const file = join(dir, `${name}.yaml`);
    const settings = {
      server: { listen: [{ host: '127.0.0.1', port: 0 }], shutdownGraceMs: 0 },
      http: { host: '127.0.0.1', port: 0 },
      users: [{ username: 'alice', passwordHash: HASH, storage: { driver: 'fs', root } }],
    };
    await writeFile(file, JSON.stringify(settings));
    return file;
  }

  it('serves, reports ready on the operations listener, and stops', async () => {
    const running = await startServer(await loadConfig(await config('ok', './alice')), silentLogger);
    try {
      expect(running.addresses).toHaveLength(1);
      const ready = await fetch(`http://127.0.0.1:${running.opsAddress!.port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await running.reloadUsers()).toBeUndefined();
    } finally {
      await running.stop();
    }
    await expect(fetch(`http://127.0.0.1:${running.opsAddress!.port}/healthz`)).rejects.toThrow();
  });

  it('releases the operations listener when an FTP listener cannot start', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const taken = (squatter.address() as AddressInfo).port;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const httpPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const file = join(dir, 'taken.yaml');
    const settings = {
      server: { listen: [{ host: '127.0.0.1', port: taken }], shutdownGraceMs: 0 },
      http: { host: '127.0.0.1', port: httpPort },
      users: [{ username: 'alice', passwordHash: HASH, storage: { driver: 'fs', root: './alice' } }],
    };
    await writeFile(file, JSON.stringify(settings));
    try {
      const failure = await startServer(await loadConfig(file), silentLogger).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as Error).message).toBe(`cannot listen on 127.0.0.1:${taken}: address already in use (EADDRINUSE)`);
    } finally {
      squatter.close();
    }
    await expect(fetch(`http://127.0.0.1:${httpPort}/healthz`)).rejects.toThrow();
  });

  it('stops the FTP and operations listeners it had started when the users file cannot be watched', async () => {
    const folder = join(dir, 'users.d');
    await mkdir(folder);
    await writeFile(join(folder, 'users.yaml'), `users:\n  - username: bob\n    passwordHash: "${HASH}"\n    storage: { driver: fs, root: ${join(dir, 'bob')} }\n`);
    const file = join(dir, 'watched.yaml');
    const settings = { server: { listen: [{ host: '127.0.0.1', port: 0 }], shutdownGraceMs: 0 }, http: { host: '127.0.0.1', port: 0 }, usersFile: './users.d/users.yaml' };
    await writeFile(file, JSON.stringify(settings));
    const loaded = await loadConfig(file);
    // The folder goes away between loading the configuration and starting: fs.watch throws ENOENT.
    await rm(folder, { recursive: true });
    // The ports bound (port 0) are known from the lines announcing them.
    const bound = new Map<string, number>();
    const logger = {
      ...silentLogger,
      info: (fields: unknown, message?: string) => {
        const { port } = (fields ?? {}) as { port?: unknown };
        if (typeof port === 'number' && message !== undefined) bound.set(message, port);
      },
    };
    const failure = await startServer(loaded, logger).then(
      async (running) => await running.stop(),
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'ENOENT', syscall: 'watch' });
    expect([...bound.keys()].sort()).toEqual(['listening', 'operations endpoints listening']);
    for (const port of bound.values()) expect(await refused(port)).toBe(true);
  });

  it('names the user whose storage cannot be set up', async () => {
    const failure = await startServer(await loadConfig(await config('bad', './a-file/alice')), silentLogger).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as Error).message).toMatch(/^user alice: cannot set up the storage \(ENOTDIR/);
  });
});
