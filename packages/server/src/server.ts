/**
 * The FTP server: listeners (plain, and implicit TLS), admission of new connections (PROXY protocol,
 * bans, connection limits), the session set, and a graceful shutdown (stop accepting, let
 * transfers finish within a grace period, then abort them and close every session with 421).
 * In cluster mode the passive ports come from a ClusterNode (cluster/cluster-node.ts).
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatReply, normalizeAddress } from '@bucketftp/protocol';
import { commandTable } from './commands/index.js';
import { ClusterNode, type ClusterStats } from './cluster/cluster-node.js';
import type { ClientEndpoint } from './cluster/passive-hub.js';
import { PassivePorts } from './data/passive-ports.js';
import type { PassiveSource } from './data/passive-source.js';
import type { PortWaitOptions } from './data/port-waiters.js';
import { BanList } from './limits/ban-list.js';
import { Bandwidth } from './limits/bandwidth.js';
import { Tally } from './limits/tally.js';
import type { RefusalReason } from './observer.js';
import { enableKeepAlive } from './net/keep-alive.js';
import { DEFAULT_PROXY_PROTOCOL, resolveOptions, type FtpServerOptions, type ResolvedOptions, type TlsCredentials } from './options.js';
import { ProxyGate } from './proxy/proxy-gate.js';
import { Session } from './session.js';
import { ServerTls, TlsHandshakeError } from './tls/server-tls.js';

export interface ListenAddress {
  host: string;
  port: number;
  /** Implicit FTPS: TLS from the first byte, before the greeting (by convention port 990). Needs `tls` options. */
  implicitTls?: boolean;
}

/** A transfer in progress, for monitoring. */
export interface ActiveTransfer {
  readonly sid: string;
  readonly user: string | undefined;
  readonly command: string;
  readonly path?: string;
  readonly bytes: number;
  /** Bytes queued in the data socket but not yet handed to the kernel (stays bounded by backpressure). */
  readonly bufferedBytes: number;
}

export class FtpServer {
  readonly options: ResolvedOptions;
  private readonly listeners: Server[] = [];
  /** Each live session with the promise that settles once it has ended and left the set. */
  private readonly sessions = new Map<Session, Promise<void>>();
  private readonly sessionIds = new Map<Session, string>();
  /** Connections still being admitted (PROXY header, implicit TLS handshake): they count towards maxConnections. */
  private readonly admitting = new Set<Socket>();
  private readonly ports: PassiveSource;
  private readonly cluster: ClusterNode | undefined;
  private readonly bans: BanList;
  private readonly perAddress = new Tally();
  private readonly perUser = new Tally();
  private readonly bandwidth: Bandwidth;
  private readonly proxy: ProxyGate | undefined;
  private tls: ServerTls | undefined;
  private draining = false;

  constructor(options: FtpServerOptions) {
    this.options = resolveOptions(options);
    this.bans = new BanList(this.options.bans);
    const { uploadBytesPerSecond, downloadBytesPerSecond } = this.options.limits;
    this.bandwidth = new Bandwidth({ upload: uploadBytesPerSecond, download: downloadBytesPerSecond });
    this.proxy = this.options.proxyProtocol && new ProxyGate(this.options.proxyProtocol);
    this.cluster = this.options.cluster && this.createClusterNode();
    this.ports = this.cluster?.hub ?? new PassivePorts(this.options.passive.portRange, this.portWait());
    this.tls = this.options.tls && new ServerTls(this.options.tls);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get passivePortsInUse(): number {
    return this.ports.inUse;
  }

  /** PASV/EPSV requests waiting for a passive port to free up (passive.portWaitMs). */
  get passivePortWaiters(): number {
    return this.ports.queued;
  }

  /** Relay and drop counts of this replica; undefined outside cluster mode. */
  get clusterStats(): ClusterStats | undefined {
    return this.cluster?.stats;
  }

  /**
   * Cluster mode: opens the relay port and every passive port of the range. `listen` does it too;
   * call it first to tell a passive port in use from a control port in use. Nothing to do otherwise.
   */
  async startCluster(): Promise<void> {
    await this.cluster?.start();
  }

  /** Transfers running now, one per session at most. */
  activeTransfers(): ActiveTransfer[] {
    const transfers: ActiveTransfer[] = [];
    for (const [session, sid] of this.sessionIds) {
      const snapshot = session.transferSnapshot();
      if (snapshot) transfers.push({ sid, ...snapshot });
    }
    return transfers;
  }

  /**
   * Replaces the TLS certificate and key (e.g. on SIGHUP). New handshakes use them; open sessions
   * keep theirs, and their data connections still resume. Throws, keeping the old credentials,
   * when the new ones are unusable or TLS was not configured.
   */
  setTlsCredentials(credentials: TlsCredentials): void {
    if (!this.tls) throw new Error('TLS is not configured (no `tls` options were given)');
    this.tls.setCredentials(credentials);
    this.options.logger.info('TLS credentials replaced');
  }

  /** Starts a listener; call once per address (IPv4 and IPv6 alike). Port 0 picks a free port. */
  async listen(address: ListenAddress): Promise<AddressInfo> {
    const implicit = address.implicitTls === true;
    if (implicit && !this.tls) throw new Error('implicitTls needs the `tls` options');
    await this.startCluster();
    const server = createServer((socket) => this.onConnection(socket, implicit));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address.host, port: address.port, ipv6Only: address.host.includes(':') }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.options.logger.error({ err: error }, 'listener error'));
    this.listeners.push(server);
    const bound = server.address() as AddressInfo;
    this.options.logger.info({ address: bound.address, port: bound.port, implicitTls: implicit }, 'listening');
    return bound;
  }

  /**
   * Stops accepting, waits up to `graceMs` for running transfers, then aborts them (uploads are not
   * committed under the `discard` policy) and closes every session with 421 (RFC 959 §4.2).
   */
  async close({ graceMs = 0 }: { graceMs?: number } = {}): Promise<void> {
    this.draining = true;
    for (const socket of this.admitting) socket.destroy();
    // net.Server#close stops accepting at once but calls back only when every connection has
    // ended, so it is awaited after the sessions were told to close, not before.
    const listenersClosed = Promise.all(this.listeners.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    const grace = new AbortController();
    await Promise.race([
      Promise.all([...this.sessions.keys()].map((session) => session.transfersIdle())),
      sleep(graceMs, undefined, { signal: grace.signal }).catch(() => undefined),
    ]);
    grace.abort();
    await Promise.all([...this.sessions.keys()].map((session) => session.abortTransfer()));
    for (const session of this.sessions.keys()) session.end(421, 'Service shutting down; closing control connection.');
    await Promise.all([listenersClosed, ...this.sessions.values()]);
    // A draining replica's passive and relay ports stay open until its last session has ended.
    await this.cluster?.close();
  }

  /** passive.portWaitMs / maxPortWaiters, reported to the observer. */
  private portWait(): PortWaitOptions {
    const { portWaitMs, maxPortWaiters } = this.options.passive;
    return { waitMs: portWaitMs, maxWaiters: maxPortWaiters, waited: (event) => this.options.observer.passivePortWait?.(event) };
  }

  private createClusterNode(): ClusterNode {
    const proxy = this.options.proxyProtocol ?? DEFAULT_PROXY_PROTOCOL;
    return new ClusterNode({
      cluster: this.options.cluster!,
      portRange: this.options.passive.portRange,
      identify: (socket) => this.identifyDataClient(socket),
      connectTimeoutMs: this.options.limits.connectTimeoutMs,
      keepAliveMs: this.options.limits.tcpKeepAliveMs,
      wait: this.portWait(),
      headerTimeoutMs: proxy.headerTimeoutMs,
      maxHeaderBytes: proxy.maxHeaderBytes,
      log: this.options.logger,
    });
  }

  /** The client behind a passive data connection: the load balancer's PROXY header, or the socket's peer. */
  private async identifyDataClient(socket: Socket): Promise<ClientEndpoint | undefined> {
    if (!this.proxy) return { address: normalizeAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 };
    const address = await this.proxy.admitData(socket);
    return address === undefined ? undefined : { address, port: 0 };
  }

  private onConnection(socket: Socket, implicitTls: boolean): void {
    enableKeepAlive(socket, this.options.limits.tcpKeepAliveMs);
    socket.on('error', (error) => this.options.logger.debug({ err: error }, 'connection error before the session started'));
    this.admitting.add(socket);
    this.admit(socket, implicitTls)
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'admitting a connection failed');
        socket.destroy();
      })
      .finally(() => this.admitting.delete(socket));
  }

  /** Decides whether a new connection is served; if so, starts its session. */
  private async admit(raw: Socket, implicitTls: boolean): Promise<void> {
    const { limits } = this.options;
    const socketPeer = normalizeAddress(raw.remoteAddress ?? '');
    // The new connection is one of `admitting` already.
    if (this.draining) return this.refuse(raw, socketPeer, 'shutting-down', 'Service shutting down.', implicitTls);
    if (this.sessions.size + this.admitting.size > limits.maxConnections) {
      return this.refuse(raw, socketPeer, 'max-connections', 'Too many connections; try again later.', implicitTls);
    }
    let remote = { address: socketPeer, port: raw.remotePort ?? 0 };
    let refuseProxyHeaders = false;
    if (this.proxy) {
      const admission = await this.proxy.admitControl(raw);
      if (!admission.ok) {
        this.options.logger.warn({ remote: socketPeer, reason: admission.detail }, 'connection refused by the PROXY protocol policy');
        if (admission.reason === 'proxy-header-invalid') {
          this.options.observer.refused?.({ sid: undefined, remoteAddress: socketPeer, user: undefined, reason: admission.reason });
          raw.destroy(); // spec §2.1: abort a connection whose header is not exactly right
          return;
        }
        return this.refuse(raw, socketPeer, admission.reason, 'Connections must come through the load balancer.', implicitTls);
      }
      remote = admission.peer;
      refuseProxyHeaders = admission.direct;
    }
    if (this.bans.isBanned(remote.address)) {
      return this.refuse(raw, remote.address, 'banned', 'Too many failed logins from your address; try again later.', implicitTls);
    }
    const perAddress = limits.maxConnectionsPerAddress;
    if (perAddress > 0 && this.perAddress.count(remote.address) >= perAddress) {
      return this.refuse(raw, remote.address, 'max-connections-per-address', 'Too many connections from your address; try again later.', implicitTls);
    }
    const releaseAddress = this.perAddress.add(remote.address);
    try {
      const socket = implicitTls ? await this.acceptImplicit(raw, remote.address) : raw;
      if (!socket) return;
      if (this.draining) {
        socket.destroy();
        return;
      }
      await this.serve(raw, socket, remote, implicitTls, refuseProxyHeaders);
    } finally {
      releaseAddress();
    }
  }

  private async acceptImplicit(raw: Socket, remoteAddress: string): Promise<Socket | undefined> {
    const event = { sid: undefined, remoteAddress, channel: 'control' } as const;
    try {
      const secure = await this.tls!.accept(raw);
      this.options.observer.tlsHandshake?.({ ...event, protocol: secure.getProtocol() ?? undefined, resumed: secure.isSessionReused() });
      return secure;
    } catch (error) {
      const reason = error instanceof TlsHandshakeError ? error.reason : 'error';
      this.options.logger.info({ remote: remoteAddress, reason }, 'implicit TLS handshake failed');
      this.options.observer.tlsHandshakeFailed?.({ ...event, reason });
      return undefined;
    }
  }

  private async serve(
    raw: Socket,
    socket: Socket,
    remote: { address: string; port: number },
    implicitTls: boolean,
    refuseProxyHeaders: boolean,
  ): Promise<void> {
    const id = randomBytes(6).toString('hex');
    const session = new Session(socket, {
      id,
      options: this.options,
      commands: commandTable,
      ports: this.ports,
      connection: {
        localAddress: normalizeAddress(socket.localAddress ?? ''),
        localPort: socket.localPort ?? 0,
        remoteAddress: remote.address,
        remotePort: remote.port,
      },
      implicitTls,
      refuseProxyHeaders,
      tls: () => this.tls,
      proxy: this.proxy,
      bans: this.bans,
      users: this.perUser,
      bandwidth: this.bandwidth,
    });
    const ended = session
      .serve()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'session crashed'))
      .finally(() => {
        this.sessions.delete(session);
        this.sessionIds.delete(session);
      });
    this.sessions.set(session, ended);
    this.sessionIds.set(session, id);
    this.admitting.delete(raw);
    await ended;
  }

  private refuse(socket: Socket, remoteAddress: string, reason: RefusalReason, text: string, implicitTls: boolean): void {
    this.options.logger.info({ remote: remoteAddress, reason }, 'connection refused');
    this.options.observer.refused?.({ sid: undefined, remoteAddress, user: undefined, reason });
    // On an implicit-TLS port a plain reply would be noise to the client's TLS stack.
    if (implicitTls) {
      socket.destroy();
      return;
    }
    socket.end(formatReply(421, text));
    // Whatever the client still sends is read and dropped, so its close is noticed.
    socket.resume();
    setTimeout(() => socket.destroy(), 5_000).unref();
  }
}
