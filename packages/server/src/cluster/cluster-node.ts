/**
 * One replica of a cluster behind a load balancer that spreads connections without stickiness:
 * the passive hub (permanent listeners on the whole range, reservations of our slice), the relay
 * that carries other replicas' data connections to them, and the relay port where ours arrive.
 */
import { isIP, type Socket } from 'node:net';
import type { Logger } from '../logger.js';
import type { ResolvedClusterOptions } from '../options.js';
import type { PortRange } from '../data/passive-ports.js';
import type { PortWaitOptions } from '../data/port-waiters.js';
import { PassiveHub, type ClientEndpoint } from './passive-hub.js';
import { PassiveLayout } from './passive-layout.js';
import { Peers } from './peers.js';
import { Relay } from './relay.js';
import { RelayListener } from './relay-listener.js';

export interface ClusterNodeOptions {
  readonly cluster: ResolvedClusterOptions;
  readonly portRange: PortRange | undefined;
  /** The client behind a connection to a passive port (PROXY header from the load balancer, or the socket's peer). */
  readonly identify: (socket: Socket) => Promise<ClientEndpoint | undefined>;
  readonly connectTimeoutMs: number;
  /** limits.tcpKeepAliveMs for passive and relayed connections; 0 = off. */
  readonly keepAliveMs: number;
  /** How a PASV/EPSV waits for a port of our slice to free up. */
  readonly wait?: PortWaitOptions;
  readonly headerTimeoutMs: number;
  readonly maxHeaderBytes: number;
  readonly log: Logger;
}

/** What the cluster has done so far, for monitoring and tests. */
export interface ClusterStats {
  readonly replica: number;
  /** Data connections matched to a reservation of this replica. */
  readonly accepted: number;
  /** Data connections that reached us for another replica's port and were relayed to it. */
  readonly relayedOut: number;
  /** Data connections other replicas relayed to us. */
  readonly relayedIn: number;
  /** Data connections dropped: no matching reservation, or forwarding off. */
  readonly dropped: number;
  /** Relayed connections open now. */
  readonly relaysOpen: number;
}

export class ClusterNode {
  readonly layout: PassiveLayout;
  readonly hub: PassiveHub;
  readonly replica: number;
  private readonly relayListener: RelayListener;
  private readonly relay: Relay;
  private started: Promise<void> | undefined;

  constructor(options: ClusterNodeOptions) {
    const { cluster, portRange } = options;
    if (!portRange) throw new RangeError('cluster mode needs passive.portRange: the range is cut into one slice per replica');
    this.layout = new PassiveLayout(portRange, cluster.slices);
    if (!Number.isInteger(cluster.replica) || cluster.replica < 0 || cluster.replica >= cluster.slices) {
      throw new RangeError(`cluster.replica must be 0-${cluster.slices - 1} (one slice each), got ${cluster.replica}`);
    }
    if (this.layout.ownerOf(cluster.relayPort) !== undefined) {
      throw new RangeError(`cluster.relayPort ${cluster.relayPort} lies inside passive.portRange`);
    }
    this.replica = cluster.replica;
    const log = options.log.child({ replica: cluster.replica });
    const peers = new Peers({ peers: cluster.peers, slices: cluster.slices, trusted: cluster.trustedPeers });
    const specificHost = cluster.host !== undefined && isIP(cluster.host) !== 0 && !/^(0\.0\.0\.0|::)$/.test(cluster.host);
    this.relay = new Relay({
      peers,
      relayPort: cluster.relayPort,
      localAddress: specificHost ? cluster.host : undefined,
      connectTimeoutMs: options.connectTimeoutMs,
      keepAliveMs: options.keepAliveMs,
      log,
    });
    this.hub = new PassiveHub({
      layout: this.layout,
      replica: cluster.replica,
      host: cluster.host,
      identify: options.identify,
      keepAliveMs: options.keepAliveMs,
      wait: options.wait,
      forward: cluster.forwarding ? (socket, owner, client, port) => this.relay.forward(socket, owner, client, port) : undefined,
      log,
    });
    this.relayListener = new RelayListener({
      host: cluster.host,
      port: cluster.relayPort,
      layout: this.layout,
      replica: cluster.replica,
      peers,
      headerTimeoutMs: options.headerTimeoutMs,
      maxHeaderBytes: options.maxHeaderBytes,
      keepAliveMs: options.keepAliveMs,
      deliver: (port, client, socket) => this.hub.deliver(port, client, socket),
      log,
    });
  }

  get stats(): ClusterStats {
    const { accepted, forwarded, dropped } = this.hub.stats;
    return {
      replica: this.replica,
      accepted,
      relayedOut: forwarded,
      relayedIn: this.relayListener.received,
      dropped,
      relaysOpen: this.relay.active,
    };
  }

  /** Opens the relay port and every passive port (once; later calls wait for the first). */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.relayListener.start();
      try {
        await this.hub.start();
      } catch (error) {
        await this.relayListener.close();
        throw error;
      }
    })();
    return this.started;
  }

  async close(): Promise<void> {
    await Promise.all([this.hub.close(), this.relayListener.close()]);
  }
}
