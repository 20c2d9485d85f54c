/**
 * Three replicas behind one haproxy that spreads every connection round-robin — control and
 * passive data alike, no sticky sessions — with PROXY v2 headers. 100 clients, from 50 loopback
 * addresses, each do PASV and EPSV uploads and downloads at once; every byte must land and come back.
 * The passive range has only 4 ports per replica, so pending transfers share ports by client address.
 * The same run with ownership forwarding off must fail most sessions: that proves the data
 * connections really did land on replicas that do not own them.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256File } from '../support/files.js';
import { BALANCER, PASSWORD, startLoopbackCluster, USER, type LoopbackCluster } from './support/cluster.js';
import { FtpClient, type PassiveKind } from './support/ftp-client.js';
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
      const client = await FtpClient.connect(BALANCER, cluster.controlPort, clientAddress(index));
      await client.login(USER, PASSWORD);
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
          await client.upload(`a-${index}.bin`, first.value, SIZE, `${seed}-a`);
          const next = async (kind: PassiveKind) => await client.passive(kind);
          expect(await client.download(`a-${index}.bin`, await next('EPSV'))).toBe(await patternSha256(SIZE, `${seed}-a`));
          await client.upload(`b-${index}.bin`, await next('EPSV'), SIZE + index, `${seed}-b`);
          expect(await client.download(`b-${index}.bin`, await next('PASV'))).toBe(await patternSha256(SIZE + index, `${seed}-b`));
          await client.quit();
          return { ok: true };
        } catch (error) {
          client.close();
          return { ok: false, error: (error as Error).message };
        }
      }),
    );
  } finally {
    for (const client of clients) client.close();
  }
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
