/**
 * Three replicas behind one haproxy that spreads every connection round-robin — control and
 * passive data alike, no sticky sessions — with PROXY v2 headers. 100 clients, from 50 loopback
 * addresses, each do PASV and EPSV uploads and downloads at once; every byte must land and come back.
 * The passive range has only 4 ports per replica, so pending transfers share ports by client address.
 * The same run with ownership forwarding off must fail most sessions: that proves the data
 * connections really did land on replicas that do not own them.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ControlClient, streamedTransfer, type DataTarget, type PassiveKind } from '@bucketftp/server/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { patternStream, sha256File } from '../support/files.js';
import { BALANCER, PASSWORD, startLoopbackCluster, USER, type LoopbackCluster } from './support/cluster.js';
import { patternSha256 } from './support/pattern-hash.js';

const SESSIONS = 100;
const CLIENT_ADDRESSES = 50;
const REPLICAS = 3;
const PORTS_PER_REPLICA = 4;
const SIZE = 192 * 1024;

/** Session i comes from 127.0.1.(i mod 50 + 1): two sessions per address. */
function clientAddress(index: number): string {
  return `127.0.1.${(index % CLIENT_ADDRESSES) + 1}`;
}

interface Outcome {
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * Every session logs in, then all of them ask for a passive port at the same moment (so the
 * pending reservations far outnumber the ports), then each runs its four transfers:
 * PASV upload, EPSV download, EPSV upload, PASV download.
 */
async function runSessions(cluster: LoopbackCluster, onAllReserved?: () => void): Promise<Outcome[]> {
  const clients = await Promise.all(
    Array.from({ length: SESSIONS }, async (_, index) => {
      const client = await ControlClient.connect({ host: BALANCER, port: cluster.controlPort, localAddress: clientAddress(index), greeting: true });
      await client.login(USER, PASSWORD);
      await client.expect('TYPE I', 200);
      return client;
    }),
  );
  try {
    const firstTargets = await Promise.allSettled(clients.map((client) => client.passive('PASV')));
    onAllReserved?.();
    return await Promise.all(
      clients.map(async (client, index): Promise<Outcome> => {
        try {
          const first = firstTargets[index]!;
          if (first.status === 'rejected') throw first.reason;
          const seed = `session-${index}`;
          await upload(client, `a-${index}.bin`, first.value, SIZE, `${seed}-a`);
          const next = async (kind: PassiveKind) => await client.passive(kind);
          expect(await download(client, `a-${index}.bin`, await next('EPSV'))).toBe(await patternSha256(SIZE, `${seed}-a`));
          await upload(client, `b-${index}.bin`, await next('EPSV'), SIZE + index, `${seed}-b`);
          expect(await download(client, `b-${index}.bin`, await next('PASV'))).toBe(await patternSha256(SIZE + index, `${seed}-b`));
          await client.quit();
          return { ok: true };
        } catch (error) {
          client.destroy();
          return { ok: false, error: (error as Error).message };
        }
      }),
    );
  } finally {
    for (const client of clients) client.destroy();
  }
}

/** STOR over a data connection to `target` (from PASV or EPSV): `size` pattern bytes of `seed`. */
async function upload(client: ControlClient, name: string, target: DataTarget, size: number, seed: string): Promise<void> {
  await streamedTransfer(client, `STOR ${name}`, (data) => pipeline(patternStream(size, seed), data), { target, timeoutMs: 30_000 });
}

/** RETR over a data connection to `target`; resolves with the SHA-256 of what arrived. */
async function download(client: ControlClient, name: string, target: DataTarget): Promise<string> {
  const hashOf = async (data: NodeJS.ReadableStream): Promise<string> => {
    const hash = createHash('sha256');
    await pipeline(data, hash);
    return hash.digest('hex');
  };
  return await streamedTransfer(client, `RETR ${name}`, hashOf, { target, timeoutMs: 30_000 });
}

describe('replicas behind one round-robin load balancer, without sticky sessions', () => {
  let cluster: LoopbackCluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  });

  it(`serves ${SESSIONS} concurrent sessions doing PASV and EPSV uploads and downloads, byte-exact`, async () => {
    cluster = await startLoopbackCluster({ replicas: REPLICAS, portsPerReplica: PORTS_PER_REPLICA, forwarding: true });
    const { servers } = cluster;
    let reservedAtOnce = 0;
    const outcomes = await runSessions(cluster, () => {
      reservedAtOnce = servers.reduce((sum, server) => sum + server.passivePortsInUse, 0);
    });

    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    // 100 reservations waited at once on 12 ports: ports were shared between client addresses.
    expect(reservedAtOnce).toBe(SESSIONS);
    for (let index = 0; index < SESSIONS; index++) {
      expect(await sha256File(join(cluster.root, `a-${index}.bin`))).toBe(await patternSha256(SIZE, `session-${index}-a`));
      expect(await sha256File(join(cluster.root, `b-${index}.bin`))).toBe(await patternSha256(SIZE + index, `session-${index}-b`));
    }
    const stats = servers.map((server) => server.clusterStats!);
    const relayedOut = stats.reduce((sum, replica) => sum + replica.relayedOut, 0);
    const relayedIn = stats.reduce((sum, replica) => sum + replica.relayedIn, 0);
    const accepted = stats.reduce((sum, replica) => sum + replica.accepted, 0);
    expect(accepted).toBe(4 * SESSIONS);
    expect(relayedIn).toBe(relayedOut);
    // Round-robin sends about two data connections in three to a replica that does not own the port.
    expect(relayedOut).toBeGreaterThan(SESSIONS);
    for (const replica of stats) expect(replica.relayedOut, `replica ${replica.replica}`).toBeGreaterThan(0);
    for (const server of servers) expect(server.passivePortsInUse).toBe(0);
  });

  it('fails most sessions once data connections are no longer forwarded to the replica that owns their port', async () => {
    cluster = await startLoopbackCluster({ replicas: REPLICAS, portsPerReplica: PORTS_PER_REPLICA, forwarding: false, acceptTimeoutMs: 1500 });
    const outcomes = await runSessions(cluster);
    const failed = outcomes.filter((outcome) => !outcome.ok);
    expect(failed.length, `only ${failed.length} of ${SESSIONS} sessions failed`).toBeGreaterThan(SESSIONS / 2);
    expect(failed.map((outcome) => outcome.error).join('\n')).toMatch(/425|closed|ECONNRESET|expected 226/);
    const dropped = cluster.servers.reduce((sum, server) => sum + server.clusterStats!.dropped, 0);
    expect(dropped).toBeGreaterThan(SESSIONS / 2);
  });
});
