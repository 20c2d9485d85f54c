import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDriver } from '@bucketftp/storage';
import { ALL_PERMISSIONS, type UserAccount } from './auth.js';
import { FtpServer } from './server.js';
import { connectData, ControlClient, download, openPassive, parseEpsvReply, parsePasvReply, receiveAll, upload } from '@bucketftp/server/testing';
import { patternBytes, putFile, putLargeFile, readFile } from './testing/files.js';
import { startTestServer, type TestServer, type TestServerOptions } from './testing/test-server.js';

let running: TestServer | undefined;

async function serve(options: TestServerOptions = {}): Promise<TestServer> {
  running = await startTestServer(options);
  return running;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('FtpServer', () => {
  it('answers 421 to a connection beyond maxConnections and closes it', async () => {
    const server = await serve({ limits: { maxConnections: 1 } });
    const first = await server.login();
    const extra = await ControlClient.connect({ port: server.port });
    expect((await extra.reply()).code).toBe(421);
    await extra.closed;
    expect((await first.command('NOOP')).code).toBe(200);
    await first.command('QUIT');
    await first.closed;
    await waitFor(() => server.server.sessionCount === 0);
    const next = await server.connect();
    expect((await next.command('NOOP')).code).toBe(200);
  });

  it('close() says 421 to every idle session and closes them', async () => {
    const server = await serve();
    const clients = [await server.login(), await server.connect()];
    await server.server.close();
    for (const client of clients) {
      expect((await client.reply()).code).toBe(421);
      await client.closed;
    }
    expect(server.server.sessionCount).toBe(0);
  });

  it('close() lets a transfer finish within the grace period, then says 421', async () => {
    const server = await serve();
    const size = 8 * 1024 * 1024;
    await putLargeFile(server.storage, '/big.bin', size);
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.pause();
    expect((await client.command('RETR big.bin')).code).toBe(150);
    const closing = server.server.close({ graceMs: 60_000 });
    const received = receiveAll(data);
    data.resume();
    expect((await received).length).toBe(size);
    expect((await client.reply()).code).toBe(226);
    expect((await client.reply()).code).toBe(421);
    await closing;
    await client.closed;
  });

  it('close() aborts a transfer still running after the grace period: 426, then 421', async () => {
    const server = await serve();
    await putLargeFile(server.storage, '/big.bin', 32 * 1024 * 1024);
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    data.pause();
    expect((await client.command('RETR big.bin')).code).toBe(150);
    await server.server.close({ graceMs: 50 });
    expect((await client.reply()).code).toBe(426);
    expect((await client.reply()).code).toBe(421);
    await client.closed;
  });

  it('refuses new connections once closing', async () => {
    const server = await serve();
    await server.server.close();
    await expect(ControlClient.connect({ port: server.port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('serves 50 parallel sessions, each uploading and downloading its own file byte-exact', async () => {
    const server = await serve();
    const size = 256 * 1024;
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const client = await server.login();
        expect((await client.command('TYPE I')).code).toBe(200);
        const content = patternBytes(size, 100 + i);
        await upload(client, `STOR file-${i}.bin`, content);
        const back = await download(client, `RETR file-${i}.bin`);
        expect(back.equals(content), `session ${i}`).toBe(true);
        expect((await client.command('QUIT')).code).toBe(221);
        await client.closed;
      }),
    );
    for (let i = 0; i < 50; i++) expect((await readFile(server.storage, `/file-${i}.bin`)).equals(patternBytes(size, 100 + i))).toBe(true);
    expect(server.server.passivePortsInUse).toBe(0);
  });

  it('answers 425 to PASV when every port of the passive range is taken, and frees ports again', async () => {
    const port = await freePort();
    const server = await serve({ passive: { portRange: { min: port, max: port } } });
    const first = await server.login();
    const second = await server.login();
    expect(parsePasvReply(await first.command('PASV')).port).toBe(port);
    expect((await second.command('EPSV')).code).toBe(425);
    expect(server.server.passivePortsInUse).toBe(1);
    expect((await first.command('QUIT')).code).toBe(221);
    await waitFor(() => server.server.passivePortsInUse === 0);
    expect(parsePasvReply(await second.command('PASV')).port).toBe(port);
    expect((await second.command('ABOR')).code).toBe(225);
    expect(server.server.passivePortsInUse).toBe(0);
  });

  it('serves IPv6 clients over EPSV', async () => {
    const storage = new MemoryDriver();
    await putFile(storage, '/f.txt', 'over IPv6');
    const account: UserAccount = { username: 'alice', storage, permissions: new Set(ALL_PERMISSIONS) };
    const server = new FtpServer({
      authenticator: { authenticate: async ({ password }) => (password === 'secret' ? account : undefined) },
      limits: { loginFailureDelayMs: 0 },
    });
    const { port } = await server.listen({ host: '::1', port: 0 });
    const client = await ControlClient.connect({ host: '::1', port });
    try {
      expect((await client.reply()).code).toBe(220);
      await client.login();
      expect((await client.command('PASV')).code).toBe(425);
      const data = await connectData(parseEpsvReply(await client.command('EPSV')), { host: '::1' });
      const received = receiveAll(data);
      expect((await client.command('RETR f.txt')).code).toBe(150);
      expect((await received).toString()).toBe('over IPv6');
      expect((await client.reply()).code).toBe(226);
    } finally {
      client.destroy();
      await server.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen({ host: '127.0.0.1', port: 0 }, () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
