/**
 * A cluster replica's passive data connections. Instead of a listener per PASV/EPSV, the replica
 * listens on every port of the range for as long as it runs, because a load balancer may deliver
 * any port to any replica. Each PASV/EPSV reserves a (port, client address) pair of this replica's
 * own slice; an incoming connection is matched to the reservation of its port and client, or —
 * when its port belongs to another replica — forwarded to that replica.
 *
 * Several reservations may share a port as long as their client addresses differ (a small range
 * then serves many transfers); a reservation that admits any address (the user may FXP,
 * RFC 2577 §3) needs its port to itself. A port is free again for an address once that address's
 * data connection was accepted.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { normalizeAddress, sameHost } from '@bucketftp/protocol';
import { DataChannelError } from '../data/data-channel.js';
import type { PassiveRequest, PassiveReservation, PassiveSource } from '../data/passive-source.js';
import { PortWaiters, type PortWaitOptions } from '../data/port-waiters.js';
import type { Logger } from '../logger.js';
import { enableKeepAlive } from '../net/keep-alive.js';
import type { PassiveLayout, PortSlice } from './passive-layout.js';

export interface ClientEndpoint {
  readonly address: string;
  readonly port: number;
}

export interface PassiveHubOptions {
  readonly layout: PassiveLayout;
  readonly replica: number;
  /** Address the listeners bind; default: every address. */
  readonly host?: string;
  /** The client behind a connection to a hub port (a PROXY header's source, or the socket's peer); undefined drops it. */
  readonly identify: (socket: Socket) => Promise<ClientEndpoint | undefined>;
  /** TCP keepalive on every connection to a hub port (relayed ones included); 0 = off. Default 0. */
  readonly keepAliveMs?: number;
  /** Hands a connection whose port belongs to replica `owner` over to it; without it such connections are dropped. */
  readonly forward?: (socket: Socket, owner: number, client: ClientEndpoint, port: number) => void;
  readonly log: Logger;
  /** How a PASV/EPSV that finds no port of the slice free for its client waits for one; default: it does not. */
  readonly wait?: PortWaitOptions;
}

export interface HubStats {
  /** Data connections matched to a reservation of this replica (arrived here, or relayed to us). */
  accepted: number;
  /** Connections for another replica's port handed over to it. */
  forwarded: number;
  /** Connections dropped: no matching reservation, or another replica's port with forwarding off. */
  dropped: number;
}

interface Waiting {
  readonly port: number;
  readonly client: string;
  /** FXP: any address may connect, so the port is not shared. */
  readonly anyAddress: boolean;
  settle(outcome: Socket | DataChannelError): void;
}

export class PassiveHub implements PassiveSource {
  readonly stats: HubStats = { accepted: 0, forwarded: 0, dropped: 0 };
  private readonly slice: PortSlice;
  private readonly waiting = new Map<number, Waiting[]>();
  private readonly servers: Server[] = [];
  private pending = 0;
  private readonly waiters: PortWaiters;

  constructor(private readonly options: PassiveHubOptions) {
    this.slice = options.layout.sliceOf(options.replica);
    this.waiters = new PortWaiters(options.wait ?? { waitMs: 0, maxWaiters: 0 });
  }

  get inUse(): number {
    return this.pending;
  }

  get queued(): number {
    return this.waiters.waiting;
  }

  /** Listens on every port of the range; on failure, closes what it opened and throws naming the port. */
  async start(): Promise<void> {
    try {
      for (const port of this.options.layout.ports()) {
        const server = createServer({ allowHalfOpen: true }, (socket) => void this.onConnection(port, socket));
        await listen(server, this.options.host, port);
        server.on('error', (error) => this.options.log.error({ err: error, port }, 'passive listener error'));
        this.servers.push(server);
      }
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    for (const list of [...this.waiting.values()]) {
      for (const entry of [...list]) entry.settle(new DataChannelError('passive listeners closed'));
    }
    const servers = this.servers.splice(0);
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  async reserve(request: PassiveRequest): Promise<PassiveReservation> {
    const client = normalizeAddress(request.peerAddress);
    const anyAddress = request.allowFxp();
    const port = await this.waiters.acquire(() => this.freePort(client, anyAddress));
    if (port === undefined) throw new DataChannelError("no free passive port in this replica's slice");
    let settled = false;
    let settle!: (outcome: Socket | DataChannelError) => void;
    const accepted = new Promise<Socket>((resolve, reject) => {
      settle = (outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.remove(entry);
        if (outcome instanceof DataChannelError) reject(outcome);
        else resolve(outcome);
      };
    });
    accepted.catch(() => undefined); // observed by the transfer; never an unhandled rejection
    const entry: Waiting = { port, client, anyAddress, settle: (outcome) => settle(outcome) };
    const timer = setTimeout(() => settle(new DataChannelError('timed out waiting for the passive data connection')), request.acceptTimeoutMs);
    timer.unref();
    this.add(entry);
    return { port, accepted, release: () => settle(new DataChannelError('passive reservation released')) };
  }

  /**
   * A data connection for `port` from `client`, arrived here or relayed by the replica it reached.
   * RFC 2577 §3: it is given only to the reservation of that client, or to one that admits any address.
   */
  deliver(port: number, client: string, socket: Socket): void {
    const list = this.waiting.get(port) ?? [];
    const entry = list.find((candidate) => sameHost(candidate.client, client)) ?? list.find((candidate) => candidate.anyAddress);
    if (!entry) {
      this.stats.dropped += 1;
      // Someone else's reservation is waiting on this port: a stranger trying to take its data.
      if (list.length > 0) this.options.log.warn({ from: client, port }, 'refused passive data connection from a foreign address');
      else this.options.log.debug({ from: client, port }, 'passive data connection with no reservation dropped');
      socket.destroy();
      return;
    }
    this.stats.accepted += 1;
    entry.settle(socket);
  }

  private async onConnection(port: number, socket: Socket): Promise<void> {
    socket.on('error', () => undefined);
    enableKeepAlive(socket, this.options.keepAliveMs ?? 0);
    const client = await this.options.identify(socket);
    if (client === undefined || socket.destroyed) {
      socket.destroy();
      return;
    }
    const owner = this.options.layout.ownerOf(port);
    if (owner === this.options.replica) {
      this.deliver(port, client.address, socket);
      return;
    }
    if (owner === undefined || !this.options.forward) {
      this.stats.dropped += 1;
      this.options.log.debug({ from: client.address, port, owner }, "data connection for another replica's port dropped (forwarding is off)");
      socket.destroy();
      return;
    }
    this.stats.forwarded += 1;
    this.options.forward(socket, owner, client, port);
  }

  /**
   * A port of our slice free for `client`: an idle one if there is any, else one whose waiting
   * reservations are all for other addresses. A random start spreads reservations over the slice.
   */
  private freePort(client: string, anyAddress: boolean): number | undefined {
    const { min, max } = this.slice;
    const size = max - min + 1;
    const start = Math.floor(Math.random() * size);
    const candidates = Array.from({ length: size }, (_, i) => min + ((start + i) % size));
    const idle = candidates.find((port) => !this.waiting.has(port));
    if (idle !== undefined || anyAddress) return idle;
    return candidates.find((port) => !(this.waiting.get(port) ?? []).some((entry) => entry.anyAddress || sameHost(entry.client, client)));
  }

  private add(entry: Waiting): void {
    const list = this.waiting.get(entry.port);
    if (list) list.push(entry);
    else this.waiting.set(entry.port, [entry]);
    this.pending += 1;
  }

  private remove(entry: Waiting): void {
    const list = this.waiting.get(entry.port);
    const at = list?.indexOf(entry) ?? -1;
    if (!list || at === -1) return;
    list.splice(at, 1);
    if (list.length === 0) this.waiting.delete(entry.port);
    this.pending -= 1;
    this.waiters.freed();
  }
}

function listen(server: Server, host: string | undefined, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(Object.assign(new Error(`cannot listen on passive port ${port}: ${error.code ?? error.message}`, { cause: error }), { code: error.code }));
    };
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
