/**
 * The FTP server: listeners, the session set, connection limits and a graceful shutdown
 * (stop accepting, let transfers finish within a grace period, then abort them and close every
 * session with 421).
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatReply } from '@bucketftp/protocol';
import { commandTable } from './commands/index.js';
import { PassivePorts } from './data/passive-ports.js';
import { resolveOptions, type FtpServerOptions, type ResolvedOptions } from './options.js';
import { Session } from './session.js';

export interface ListenAddress {
  host: string;
  port: number;
}

export class FtpServer {
  readonly options: ResolvedOptions;
  private readonly listeners: Server[] = [];
  /** Each live session with the promise that settles once it has ended and left the set. */
  private readonly sessions = new Map<Session, Promise<void>>();
  private readonly ports: PassivePorts;
  private draining = false;

  constructor(options: FtpServerOptions) {
    this.options = resolveOptions(options);
    this.ports = new PassivePorts(this.options.passive.portRange);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get passivePortsInUse(): number {
    return this.ports.inUse;
  }

  /** Starts a listener; call once per address (IPv4 and IPv6 alike). Port 0 picks a free port. */
  async listen(address: ListenAddress): Promise<AddressInfo> {
    const server = createServer((socket) => this.onConnection(socket));
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
    this.options.logger.info({ address: bound.address, port: bound.port }, 'listening');
    return bound;
  }

  /**
   * Stops accepting, waits up to `graceMs` for running transfers, then aborts them (uploads are not
   * committed under the `discard` policy) and closes every session with 421 (RFC 959 §4.2).
   */
  async close({ graceMs = 0 }: { graceMs?: number } = {}): Promise<void> {
    this.draining = true;
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
  }

  private onConnection(socket: Socket): void {
    if (this.draining || this.sessions.size >= this.options.limits.maxConnections) {
      const reason = this.draining ? 'Service shutting down.' : 'Too many connections; try again later.';
      socket.on('error', () => undefined);
      socket.end(formatReply(421, reason));
      return;
    }
    const session = new Session(socket, {
      id: randomBytes(6).toString('hex'),
      options: this.options,
      commands: commandTable,
      ports: this.ports,
    });
    const ended = session
      .serve()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'session crashed'))
      .finally(() => this.sessions.delete(session));
    this.sessions.set(session, ended);
  }
}
