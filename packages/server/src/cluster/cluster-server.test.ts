/**
 * Two replicas of one cluster on 127.0.0.21 and 127.0.0.22 sharing one storage. A test client plays
 * the load balancer's part by dialling a data port at either replica: the one that does not own
 * the port relays the connection to the one that does.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDriver } from '@bucketftp/storage';
import { ALL_PERMISSIONS, type UserAccount } from '../auth.js';
import type { ClusterOptions, ProxyProtocolOptions, TlsOptions } from '../options.js';
import { FtpServer } from '../server.js';
import { connectData, ControlClient, parseEpsvReply, parsePasvReply, receiveAll, secureDataClient, secureLogin, sendAll } from '@bucketftp/server/testing';
import { patternBytes, putFile, readFile } from '../testing/files.js';
import { freePortBlock } from '../testing/port-block.js';
import { proxyV2 } from '../testing/proxy-headers.js';
import { recordingLogger, type LogEntry } from '../testing/recording-logger.js';
import { sharedTestCertificate } from '../testing/certificates.js';
import { encodeProxyV2 } from './proxy-v2-encode.js';

const HOSTS = ['127.0.0.21', '127.0.0.22'] as const;
const CLIENT = '127.0.0.5';
const PORTS_PER_REPLICA = 3;

interface Cluster {
  readonly servers: readonly FtpServer[];
  readonly storage: MemoryDriver;
  readonly controlPort: number;
  readonly relayPort: number;
  readonly first: number;
  readonly log: LogEntry[];
  login(replica: number, options?: { localAddress?: string; preface?: Buffer; secure?: boolean }): Promise<ControlClient>;
}

const running: FtpServer[] = [];
const clients: (ControlClient | Socket)[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) (client instanceof ControlClient ? client.socket : client).destroy();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function startCluster(
  options: { cluster?: Partial<ClusterOptions>; proxyProtocol?: ProxyProtocolOptions; tls?: TlsOptions; acceptTimeoutMs?: number } = {},
): Promise<Cluster> {
  const storage = new MemoryDriver();
  const account: UserAccount = { username: 'alice', storage, permissions: new Set(ALL_PERMISSIONS), partialUploads: 'discard' };
  const first = await freePortBlock(2 * PORTS_PER_REPLICA + 2, HOSTS);
  const controlPort = first + 2 * PORTS_PER_REPLICA;
  const relayPort = controlPort + 1;
  const log: LogEntry[] = [];
  const servers = HOSTS.map(
    (host, replica) =>
      new FtpServer({
        authenticator: { authenticate: async ({ username, password }) => (username === 'alice' && password === 'secret' ? account : undefined) },
        logger: recordingLogger(log, { host }),
        limits: { loginFailureDelayMs: 0 },
        bans: { maxFailures: 0 },
        passive: { portRange: { min: first, max: first + 2 * PORTS_PER_REPLICA - 1 }, acceptTimeoutMs: options.acceptTimeoutMs ?? 10_000 },
        proxyProtocol: options.proxyProtocol,
        tls: options.tls,
        cluster: { replica, slices: 2, peers: [...HOSTS], relayPort, host, ...options.cluster },
      }),
  );
  running.push(...servers);
  for (const [replica, server] of servers.entries()) await server.listen({ host: HOSTS[replica]!, port: controlPort });
  return {
    servers,
    storage,
    controlPort,
    relayPort,
    first,
    log,
    async login(replica, { localAddress = CLIENT, preface, secure = false } = {}) {
      const client = await ControlClient.connect({ host: HOSTS[replica], port: controlPort, localAddress, preface });
      clients.push(client);
      expect((await client.reply()).code).toBe(220);
      if (secure) {
        await secureLogin(client);
        return client;
      }
      await client.login();
      expect((await client.command('TYPE I')).code).toBe(200);
      return client;
    },
  };
}

/** A data connection to `host` (the replica the load balancer happened to pick). */
async function dialData(host: string, port: number, localAddress = CLIENT, preface?: Buffer): Promise<Socket> {
  const socket = await connectData(port, { host, localAddress });
  clients.push(socket);
  socket.on('error', () => undefined);
  if (preface) socket.write(preface);
  return socket;
}

describe('cluster mode', () => {
  it("announces only its own slice, and serves uploads and downloads whose data connection reached the other replica", async () => {
    const cluster = await startCluster();
    const control = await cluster.login(0);
    const upload = patternBytes(2 * 1024 * 1024 + 5, 1);

    const pasv = parsePasvReply(await control.command('PASV'));
    expect(pasv.host).toBe(HOSTS[0]);
    expect(pasv.port).toBeGreaterThanOrEqual(cluster.first);
    expect(pasv.port).toBeLessThan(cluster.first + PORTS_PER_REPLICA);
    const up = await dialData(HOSTS[1], pasv.port);
    expect((await control.command('STOR relayed.bin')).code).toBe(150);
    await sendAll(up, upload);
    expect((await control.reply()).code).toBe(226);
    expect((await readFile(cluster.storage, '/relayed.bin')).equals(upload)).toBe(true);

    const epsv = parseEpsvReply(await control.command('EPSV'));
    const down = await dialData(HOSTS[1], epsv);
    const received = receiveAll(down);
    expect((await control.command('RETR relayed.bin')).code).toBe(150);
    expect((await received).equals(upload)).toBe(true);
    expect((await control.reply()).code).toBe(226);

    expect(cluster.servers[1]!.clusterStats).toMatchObject({ replica: 1, relayedOut: 2, relayedIn: 0, accepted: 0 });
    expect(cluster.servers[0]!.clusterStats).toMatchObject({ replica: 0, relayedOut: 0, relayedIn: 2, accepted: 2 });
    expect(cluster.servers[0]!.passivePortsInUse).toBe(0);
  });

  it('still serves data connections that reach the owner directly', async () => {
    const cluster = await startCluster();
    await putFile(cluster.storage, '/direct.txt', 'straight to the owner');
    const control = await cluster.login(1);
    const port = parseEpsvReply(await control.command('EPSV'));
    expect(port).toBeGreaterThanOrEqual(cluster.first + PORTS_PER_REPLICA);
    const received = receiveAll(await dialData(HOSTS[1], port));
    expect((await control.command('RETR direct.txt')).code).toBe(150);
    expect((await received).toString()).toBe('straight to the owner');
    expect((await control.reply()).code).toBe(226);
    expect(cluster.servers[1]!.clusterStats).toMatchObject({ accepted: 1, relayedIn: 0, relayedOut: 0 });
  });

  it('keeps the RFC 2577 check across the hop: a relayed connection from another address is refused', async () => {
    const cluster = await startCluster({ acceptTimeoutMs: 300 });
    await putFile(cluster.storage, '/secret.txt', 'not for strangers');
    const control = await cluster.login(0);
    const port = parseEpsvReply(await control.command('EPSV'));
    const stranger = receiveAll(await dialData(HOSTS[1], port, '127.0.0.66'));
    expect((await stranger).length).toBe(0);
    expect((await control.command('RETR secret.txt')).code).toBe(425);
    expect(cluster.log).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'refused passive data connection from a foreign address', fields: expect.objectContaining({ host: HOSTS[0], from: '127.0.0.66' }) }),
    );
  });

  it('takes relayed connections only from peers, with a PROXY header, for ports of its own slice', async () => {
    const cluster = await startCluster({ acceptTimeoutMs: 500 });
    await putFile(cluster.storage, '/secret.txt', 'peers only');
    const control = await cluster.login(0);
    const port = parseEpsvReply(await control.command('EPSV'));
    // A stranger on the pod network names the client and the port: refused before the header is read.
    const forged = await new Promise<Socket>((resolve) => {
      const socket = connect({ host: HOSTS[0], port: cluster.relayPort, localAddress: '127.0.0.77' }, () => resolve(socket));
    });
    clients.push(forged);
    forged.on('error', () => undefined);
    forged.write(encodeProxyV2({ address: CLIENT, port: 40_000 }, { address: HOSTS[0], port }));
    expect((await receiveAll(forged)).length).toBe(0);
    expect((await control.command('RETR secret.txt')).code).toBe(425);
    expect(cluster.log).toContainEqual(expect.objectContaining({ level: 'warn', message: 'relay connection from an address that is not a peer refused' }));

    // A peer that names a port of the wrong slice (replicas that disagree on the layout) is dropped too.
    const wrongSlice = await new Promise<Socket>((resolve) => {
      const socket = connect({ host: HOSTS[0], port: cluster.relayPort, localAddress: HOSTS[1] }, () => resolve(socket));
    });
    clients.push(wrongSlice);
    wrongSlice.write(encodeProxyV2({ address: CLIENT, port: 40_000 }, { address: HOSTS[0], port: cluster.first + PORTS_PER_REPLICA }));
    expect((await receiveAll(wrongSlice)).length).toBe(0);
    expect(cluster.log).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining('relay connection for a port outside our slice') }));
  });

  it('with forwarding off, drops data connections that reach the wrong replica', async () => {
    const cluster = await startCluster({ cluster: { forwarding: false }, acceptTimeoutMs: 300 });
    await putFile(cluster.storage, '/f.txt', 'x');
    const control = await cluster.login(0);
    const port = parseEpsvReply(await control.command('EPSV'));
    expect((await receiveAll(await dialData(HOSTS[1], port))).length).toBe(0);
    expect((await control.command('RETR f.txt')).code).toBe(425);
    expect(cluster.servers[1]!.clusterStats).toMatchObject({ relayedOut: 0, dropped: 1 });
  });

  it('never commits an upload whose relayed connection the client reset', async () => {
    const cluster = await startCluster();
    await putFile(cluster.storage, '/keep.bin', 'the old content');
    const control = await cluster.login(0);
    const port = parseEpsvReply(await control.command('EPSV'));
    const up = await dialData(HOSTS[1], port);
    expect((await control.command('STOR keep.bin')).code).toBe(150);
    up.write(patternBytes(512 * 1024, 4));
    await new Promise((resolve) => setTimeout(resolve, 50));
    up.resetAndDestroy();
    expect((await control.reply()).code).toBe(426);
    expect((await readFile(cluster.storage, '/keep.bin')).toString()).toBe('the old content');
  });

  it('behind a PROXY-protocol load balancer: the client named by the header is the one relayed and checked', async () => {
    const balancer = '127.0.0.30';
    const cluster = await startCluster({ proxyProtocol: { trustedProxies: [`${balancer}/32`] } });
    await putFile(cluster.storage, '/via-lb.txt', 'through the balancer');
    const client = { address: '198.51.100.9', port: 51_000 };
    const control = await cluster.login(0, { localAddress: balancer, preface: proxyV2(client) });
    const port = parseEpsvReply(await control.command('EPSV'));
    const received = receiveAll(await dialData(HOSTS[1], port, balancer, proxyV2({ address: client.address, port: 51_001 })));
    expect((await control.command('RETR via-lb.txt')).code).toBe(150);
    expect((await received).toString()).toBe('through the balancer');
    expect((await control.reply()).code).toBe(226);
    expect(cluster.servers[0]!.clusterStats).toMatchObject({ relayedIn: 1, accepted: 1 });
  });

  it('carries PROT P data connections through the hop: TLS ends at the owner, which sees its session resumed', async () => {
    const certificate = await sharedTestCertificate();
    const cluster = await startCluster({ tls: { cert: certificate.cert, key: certificate.key, requireDataSessionReuse: true } });
    const content = patternBytes(300_000, 8);
    await putFile(cluster.storage, '/secret.bin', content);
    const control = await cluster.login(0, { secure: true });
    const port = parseEpsvReply(await control.command('EPSV'));
    const plain = await dialData(HOSTS[1], port);
    expect((await control.command('RETR secret.bin')).code).toBe(150);
    const secure = await secureDataClient(plain, control.tlsSession);
    expect(secure.isSessionReused()).toBe(true);
    expect((await receiveAll(secure)).equals(content)).toBe(true);
    expect((await control.reply()).code).toBe(226);
    expect(cluster.servers[0]!.clusterStats).toMatchObject({ relayedIn: 1 });
  });

  it('refuses options it cannot serve', async () => {
    const authenticator = { authenticate: async () => undefined };
    const peers = ['a', 'b'];
    expect(() => new FtpServer({ authenticator, cluster: { replica: 0, slices: 2, peers } })).toThrow(/needs passive.portRange/);
    const portRange = { min: 30_000, max: 30_009 };
    expect(() => new FtpServer({ authenticator, passive: { portRange }, cluster: { replica: 2, slices: 2, peers } })).toThrow(/replica must be 0-1/);
    expect(() => new FtpServer({ authenticator, passive: { portRange }, cluster: { replica: 0, slices: 3, peers } })).toThrow(/cannot be cut into 3 equal slices/);
    expect(() => new FtpServer({ authenticator, passive: { portRange }, cluster: { replica: 0, slices: 2, peers, relayPort: 30_005 } })).toThrow(/relayPort 30005 lies inside/);
  });
});
