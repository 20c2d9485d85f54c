/**
 * A loopback cluster: in-process FtpServer replicas on 127.0.0.11, .12, … sharing one folder (the
 * bucket), behind haproxy on 127.0.0.10 (round-robin, PROXY v2). Clients come from 127.0.1.x.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ALL_PERMISSIONS, FtpServer, type Authenticator, type UserAccount } from '@bucketftp/server';
import { FsDriver } from '@bucketftp/storage-fs';
import { makeTempDir, removeDir } from '../../support/files.js';
import { startBalancer, type Balancer } from './haproxy.js';
import { freePortBlock } from './ports.js';

export const BALANCER = '127.0.0.10';
export const USER = 'cluster';
export const PASSWORD = 'cluster-secret';

export interface ClusterOptions {
  readonly replicas: number;
  readonly portsPerReplica: number;
  /** Relay data connections to their owner (the feature under test). */
  readonly forwarding: boolean;
  readonly acceptTimeoutMs?: number;
}

export interface LoopbackCluster {
  readonly servers: readonly FtpServer[];
  /** The shared storage folder (virtual `/`). */
  readonly root: string;
  readonly controlPort: number;
  readonly passive: { readonly min: number; readonly max: number };
  stop(): Promise<void>;
}

export async function startLoopbackCluster(options: ClusterOptions): Promise<LoopbackCluster> {
  const hosts = Array.from({ length: options.replicas }, (_, index) => `127.0.0.${11 + index}`);
  const size = options.replicas * options.portsPerReplica;
  // The passive range, then the control, relay and readiness ports, on every address involved.
  const first = await freePortBlock(size + 3, [BALANCER, ...hosts]);
  const passive = { min: first, max: first + size - 1 };
  const controlPort = first + size;
  const relayPort = controlPort + 1;
  const readyPort = controlPort + 2;
  const dir = await makeTempDir('cluster');
  const root = join(dir, 'bucket');
  await mkdir(root);
  const storage = new FsDriver({ root });
  const account: UserAccount = { username: USER, storage, permissions: new Set(ALL_PERMISSIONS) };
  const authenticator: Authenticator = {
    async authenticate({ username, password }) {
      return username === USER && password === PASSWORD ? account : undefined;
    },
  };
  const servers = hosts.map(
    (host, replica) =>
      new FtpServer({
        authenticator,
        serverName: `replica-${replica}`,
        limits: { loginFailureDelayMs: 0 },
        passive: { portRange: passive, publicAddress: BALANCER, acceptTimeoutMs: options.acceptTimeoutMs },
        proxyProtocol: { trustedProxies: [`${BALANCER}/32`] },
        cluster: { replica, slices: options.replicas, peers: hosts, relayPort, host, forwarding: options.forwarding },
      }),
  );
  let balancer: Balancer | undefined;
  try {
    for (const [index, server] of servers.entries()) await server.listen({ host: hosts[index]!, port: controlPort });
    balancer = await startBalancer({ address: BALANCER, replicas: hosts, controlPort, passive, readyPort, dir });
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    await removeDir(dir);
    throw error;
  }
  return {
    servers,
    root,
    controlPort,
    passive,
    async stop() {
      await balancer?.stop();
      await Promise.all(servers.map((server) => server.close()));
      await removeDir(dir);
    },
  };
}
