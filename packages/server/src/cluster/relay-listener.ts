/**
 * The owner's end of the extra hop: the relay port takes data connections that other replicas
 * received for ports of our slice. Only peers may connect (a PROXY header names the client, and a
 * stranger naming someone else's address could take their data), each connection must open with a
 * PROXY header (spec §2: never guess), and its destination port must be one of ours. A relayed
 * connection is never relayed again, so replicas that disagree about the layout cannot loop.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { normalizeAddress } from '@bucketftp/protocol';
import type { Logger } from '../logger.js';
import { enableKeepAlive } from '../net/keep-alive.js';
import { readProxyHeader } from '../proxy/read-header.js';
import type { PassiveLayout } from './passive-layout.js';
import type { Peers } from './peers.js';

export interface RelayListenerOptions {
  readonly host?: string;
  readonly port: number;
  readonly layout: PassiveLayout;
  readonly replica: number;
  readonly peers: Peers;
  readonly headerTimeoutMs: number;
  readonly maxHeaderBytes: number;
  /** TCP keepalive on relayed connections; 0 = off. */
  readonly keepAliveMs: number;
  /** Hands the connection to the reservation of (port, client). */
  deliver(port: number, client: string, socket: Socket): void;
  readonly log: Logger;
}

export class RelayListener {
  /** Connections relayed to us and handed to a reservation check. */
  received = 0;
  private server: Server | undefined;

  constructor(private readonly options: RelayListenerOptions) {}

  async start(): Promise<void> {
    const server = createServer({ allowHalfOpen: true }, (socket) => void this.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(Object.assign(new Error(`cannot listen on relay port ${this.options.port}: ${error.code ?? error.message}`, { cause: error }), { code: error.code }));
      };
      server.once('error', onError);
      server.listen({ host: this.options.host, port: this.options.port, exclusive: true }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (error) => this.options.log.error({ err: error }, 'relay listener error'));
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async onConnection(socket: Socket): Promise<void> {
    socket.on('error', () => undefined);
    enableKeepAlive(socket, this.options.keepAliveMs);
    const { log } = this.options;
    const from = normalizeAddress(socket.remoteAddress ?? '');
    if (!(await this.options.peers.trusts(from))) {
      log.warn({ from }, 'relay connection from an address that is not a peer refused');
      socket.destroy();
      return;
    }
    const outcome = await readProxyHeader(socket, this.options.headerTimeoutMs, this.options.maxHeaderBytes);
    if (!outcome.ok || outcome.header.kind !== 'proxied') {
      log.warn({ from, reason: outcome.ok ? 'no client named' : outcome.reason }, 'relay connection without a usable PROXY header dropped');
      socket.destroy();
      return;
    }
    const port = outcome.header.destination.port;
    if (this.options.layout.ownerOf(port) !== this.options.replica) {
      log.warn({ from, port }, 'relay connection for a port outside our slice dropped (do the replicas share one layout?)');
      socket.destroy();
      return;
    }
    this.received += 1;
    this.options.deliver(port, outcome.header.source.address, socket);
  }
}
