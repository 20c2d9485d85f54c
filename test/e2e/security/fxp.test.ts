/**
 * FXP (server-to-server transfer, RFC 959 §5.2 figure 2) between two real server instances on
 * different loopback addresses, with the client on a third: allowed for an account with allowFxp,
 * refused otherwise on both sides (RFC 2577 §3: PORT to a foreign address, and passive connections
 * from one).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, FtpServer, type UserAccount } from '@bucketftp/server';
import { FsDriver } from '@bucketftp/storage-fs';
import { makeTempDir, namesIn, removeDir, sha256File, writePatternFile } from '../support/files.js';
import { ControlClient, type FtpReply } from '@bucketftp/server/testing';

const CLIENT_ADDRESS = '127.0.0.3';
const PASSWORD = 'fxp-secret';

interface Site {
  readonly server: FtpServer;
  readonly host: string;
  readonly port: number;
  readonly root: string;
}

/** A server on `host` with two users sharing one folder: `fxp` (allowFxp) and `plain`. */
async function startSite(host: string): Promise<Site> {
  const root = await makeTempDir(`fxp-${host}`);
  const storage = new FsDriver({ root });
  const accounts = new Map<string, UserAccount>(
    ['fxp', 'plain'].map((username) => [username, { username, storage, permissions: new Set(ALL_PERMISSIONS), allowFxp: username === 'fxp' }]),
  );
  const server = new FtpServer({
    authenticator: { authenticate: async ({ username, password }) => (password === PASSWORD ? accounts.get(username) : undefined) },
    limits: { loginFailureDelayMs: 0 },
    passive: { acceptTimeoutMs: 1000 },
  });
  const { port } = await server.listen({ host, port: 0 });
  return { server, host, port, root };
}

async function control(site: Site, username: string): Promise<ControlClient> {
  const client = await ControlClient.connect({ host: site.host, port: site.port, localAddress: CLIENT_ADDRESS });
  expect((await client.reply()).code).toBe(220);
  await client.login(username, PASSWORD);
  expect((await client.command('TYPE I')).code).toBe(200);
  return client;
}

/** `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2).` → the PORT argument naming the same address. */
function portArgumentOf(reply: FtpReply): string {
  const match = /\((\d+,\d+,\d+,\d+,\d+,\d+)\)/.exec(reply.lines[0] ?? '');
  if (reply.code !== 227 || !match?.[1]) throw new Error(`not a 227 reply: ${reply.lines.join(' / ')}`);
  return match[1];
}

describe('FXP between two servers', () => {
  let target: Site; // A: receives the file over a passive connection
  let source: Site; // B: sends it over an active connection
  const clients: ControlClient[] = [];

  beforeAll(async () => {
    target = await startSite('127.0.0.1');
    source = await startSite('127.0.0.2');
    await writePatternFile(join(source.root, 'source.bin'), 4 * 1024 * 1024 + 21, 'fxp-source');
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all([target?.server.close(), source?.server.close()]);
    await Promise.all([removeDir(target?.root), removeDir(source?.root)]);
  });

  async function open(site: Site, username: string): Promise<ControlClient> {
    const client = await control(site, username);
    clients.push(client);
    return client;
  }

  it('copies a file from B to A for an account allowed to FXP: PASV on A, PORT on B, STOR on A, RETR on B', async () => {
    const a = await open(target, 'fxp');
    const b = await open(source, 'fxp');
    const address = portArgumentOf(await a.command('PASV'));
    expect(address.startsWith('127,0,0,1,')).toBe(true);
    expect((await b.command(`PORT ${address}`)).code).toBe(200);
    // A answers 150 once B's connection has arrived, so both commands go out before any reply is read.
    a.write('STOR copy.bin\r\n');
    b.write('RETR source.bin\r\n');
    expect([(await a.reply()).code, (await b.reply()).code]).toEqual([150, 150]);
    expect((await b.reply()).code).toBe(226);
    expect((await a.reply()).code).toBe(226);
    expect(await sha256File(join(target.root, 'copy.bin'))).toBe(await sha256File(join(source.root, 'source.bin')));
  });

  it('refuses PORT to the other server for an account without FXP (501)', async () => {
    const a = await open(target, 'fxp');
    const b = await open(source, 'plain');
    const address = portArgumentOf(await a.command('PASV'));
    const port = await b.command(`PORT ${address}`);
    expect(port.code).toBe(501);
    expect(port.lines[0]).toContain('RFC 2577');
    expect((await b.command(`EPRT |1|127.0.0.1|${Number(address.split(',')[4]) * 256 + Number(address.split(',')[5])}|`)).code).toBe(501);
  });

  it('drops the other server\'s data connection on the passive side for an account without FXP', async () => {
    const a = await open(target, 'plain');
    const b = await open(source, 'fxp');
    const address = portArgumentOf(await a.command('PASV'));
    expect((await b.command(`PORT ${address}`)).code).toBe(200);
    a.write('STOR refused.bin\r\n');
    expect((await b.command('RETR source.bin')).code).toBe(150);
    // B's connection from 127.0.0.2 is not the client's (127.0.0.3): A drops it and times out.
    expect((await b.reply()).code).toBe(426);
    expect((await a.reply()).code).toBe(425);
    expect(await namesIn(target.root)).not.toContain('refused.bin');
  });
});
