/**
 * What the extra hop costs: two replicas on 127.0.0.21/.22 (cluster mode, no load balancer), a
 * client on 127.0.0.5 that dials its data connections either at the replica that owns the port
 * (direct) or at the other one, which relays them (relayed). Prints, for each:
 * - the round trip of a 1-byte RETR (data connect → last byte → 226), median and p90 over many runs;
 * - download and upload throughput of one large file (counted, not hashed, by the client).
 * A single instance (a listener per PASV) is measured too, as the baseline.
 *
 *   npx tsx --conditions=source e2e/cluster/measure-relay.ts [--mib 512] [--runs 300]   (from test/)
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { ALL_PERMISSIONS, FtpServer, type UserAccount } from '@bucketftp/server';
import { ControlClient, streamedTransfer } from '@bucketftp/server/testing';
import { FsDriver } from '@bucketftp/storage-fs';
import { patternStream } from '../support/files.js';
import { freePortBlock } from './support/ports.js';

const HOSTS = ['127.0.0.21', '127.0.0.22'] as const;
const CLIENT = '127.0.0.5';
const { values } = parseArgs({ options: { mib: { type: 'string', default: '512' }, runs: { type: 'string', default: '300' } } });
const BIG = Number(values.mib) * 1024 * 1024;
const RUNS = Number(values.runs);

type Route = 'single' | 'direct' | 'relayed';

async function main(): Promise<void> {
  const base = await mkdtemp(join(process.platform === 'linux' ? '/dev/shm' : tmpdir(), 'bucketftp-relay-'));
  const root = join(base, 'bucket');
  await mkdir(root);
  const storage = new FsDriver({ root });
  const account: UserAccount = { username: 'm', storage, permissions: new Set(ALL_PERMISSIONS) };
  const authenticator = { authenticate: async ({ password }: { password: string }) => (password === 'm' ? account : undefined) };
  const first = await freePortBlock(8, HOSTS);
  const portRange = { min: first, max: first + 3 };
  const controlPort = first + 4;
  const relayPort = first + 5;
  const replicas = HOSTS.map(
    (host, replica) =>
      new FtpServer({ authenticator, limits: { loginFailureDelayMs: 0 }, passive: { portRange }, cluster: { replica, slices: 2, peers: [...HOSTS], relayPort, host } }),
  );
  const single = new FtpServer({ authenticator, limits: { loginFailureDelayMs: 0 } });
  try {
    for (const [index, server] of replicas.entries()) await server.listen({ host: HOSTS[index]!, port: controlPort });
    const singlePort = (await single.listen({ host: '127.0.0.1', port: 0 })).port;

    const owner = await session(HOSTS[0], controlPort);
    const alone = await session('127.0.0.1', singlePort);
    const clientFor = (route: Route) => (route === 'single' ? alone : owner);
    const dataHost = (route: Route) => (route === 'single' ? '127.0.0.1' : route === 'direct' ? HOSTS[0] : HOSTS[1]);

    await upload(owner, HOSTS[0], 'tiny.bin', 1);
    console.log(`1-byte RETR round trip over ${RUNS} runs (data connect → 226):`);
    for (const route of ['single', 'direct', 'relayed'] as const) {
      for (let i = 0; i < 20; i++) await download(clientFor(route), dataHost(route), 'tiny.bin'); // warm-up
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await download(clientFor(route), dataHost(route), 'tiny.bin');
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
      console.log(`  ${route.padEnd(8)} median ${at(0.5)} ms, p90 ${at(0.9)} ms`);
    }

    console.log(`Throughput, ${values.mib} MiB (best of 3):`);
    for (const route of ['single', 'direct', 'relayed'] as const) {
      const up: number[] = [];
      const down: number[] = [];
      for (let i = 0; i < 3; i++) {
        let started = performance.now();
        await upload(clientFor(route), dataHost(route), `big-${route}.bin`, BIG);
        up.push(BIG / 1024 / 1024 / ((performance.now() - started) / 1000));
        started = performance.now();
        const bytes = await download(clientFor(route), dataHost(route), `big-${route}.bin`);
        if (bytes !== BIG) throw new Error(`downloaded ${bytes} bytes, expected ${BIG}`);
        down.push(BIG / 1024 / 1024 / ((performance.now() - started) / 1000));
      }
      console.log(`  ${route.padEnd(8)} download ${Math.max(...down).toFixed(0)} MiB/s, upload ${Math.max(...up).toFixed(0)} MiB/s`);
    }
    const stats = replicas.map((server) => server.clusterStats);
    console.log('relays:', JSON.stringify(stats.map((entry) => ({ replica: entry?.replica, out: entry?.relayedOut, in: entry?.relayedIn }))));
    owner.destroy();
    alone.destroy();
  } finally {
    await Promise.all([...replicas, single].map((server) => server.close()));
    await rm(base, { recursive: true, force: true });
  }
}

async function session(host: string, port: number): Promise<ControlClient> {
  const client = await ControlClient.connect({ host, port, localAddress: CLIENT, greeting: true });
  await client.login('m', 'm');
  await client.expect('TYPE I', 200);
  return client;
}

/** STOR of `size` pattern bytes over an EPSV data connection dialled at `host`. */
async function upload(client: ControlClient, host: string, name: string, size: number): Promise<void> {
  const { port } = await client.passive('EPSV');
  await streamedTransfer(client, `STOR ${name}`, (data) => pipeline(patternStream(size, name), data), { target: { host, port }, timeoutMs: 30_000 });
}

/** RETR over an EPSV data connection dialled at `host`, only counting the bytes (no hashing cost). */
async function download(client: ControlClient, host: string, name: string): Promise<number> {
  const { port } = await client.passive('EPSV');
  const count = async (data: AsyncIterable<unknown>): Promise<number> => {
    let bytes = 0;
    for await (const chunk of data) bytes += (chunk as Buffer).length;
    return bytes;
  };
  return await streamedTransfer(client, `RETR ${name}`, count, { target: { host, port }, timeoutMs: 30_000 });
}

await main();
