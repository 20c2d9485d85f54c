/**
 * The extra hop: a data connection that reached a replica which does not own its port is carried
 * to the owner's relay port over the pod network. The relayed connection opens with a PROXY v2
 * header (haproxy.org proxy-protocol.txt §2.2) whose source is the real client — so the owner's
 * RFC 2577 check compares the right addresses — and whose destination port is the passive port the
 * client dialled. Then the bytes flow through untouched (TLS included) until either side ends.
 */
import { connect, isIP, type Socket } from 'node:net';
import { normalizeAddress } from '@bucketftp/protocol';
import type { Logger } from '../logger.js';
import { enableKeepAlive } from '../net/keep-alive.js';
import type { ClientEndpoint } from './passive-hub.js';
import type { Peers } from './peers.js';
import { encodeProxyV2 } from './proxy-v2-encode.js';
import { splice } from './splice.js';

export interface RelayOptions {
  readonly peers: Peers;
  /** The relay port every replica listens on. */
  readonly relayPort: number;
  /** A specific address to leave from (the replica's own, so peers recognise it); default: the system's choice. */
  readonly localAddress?: string;
  readonly connectTimeoutMs: number;
  /** TCP keepalive on the relayed connection; 0 = off. */
  readonly keepAliveMs: number;
  readonly log: Logger;
}

export class Relay {
  /** Relayed connections still open. */
  active = 0;

  constructor(private readonly options: RelayOptions) {}

  forward(socket: Socket, owner: number, client: ClientEndpoint, port: number): void {
    const host = this.options.peers.hostOf(owner);
    const log = this.options.log;
    if (host === undefined) {
      log.debug({ port, owner }, 'data connection for a replica with no known address dropped');
      socket.destroy();
      return;
    }
    const localAddress = this.options.localAddress;
    const family = localAddress === undefined ? 0 : isIP(localAddress);
    const upstream = connect({
      host,
      port: this.options.relayPort,
      localAddress,
      ...(family === 0 ? {} : { family }),
      allowHalfOpen: true,
      timeout: this.options.connectTimeoutMs,
      noDelay: true,
    });
    const fail = (reason: string) => {
      log.warn({ port, owner, peer: host, reason }, 'relaying a data connection to its replica failed');
      upstream.destroy();
      socket.destroy();
    };
    upstream.once('timeout', () => fail('connect timed out'));
    upstream.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    upstream.once('connect', () => {
      upstream.setTimeout(0);
      enableKeepAlive(upstream, this.options.keepAliveMs);
      upstream.removeAllListeners('timeout');
      upstream.removeAllListeners('error');
      upstream.on('error', () => undefined);
      let header: Buffer;
      try {
        header = encodeProxyV2(client, { address: destinationAddress(socket, client.address), port });
      } catch (error) {
        fail((error as Error).message);
        return;
      }
      upstream.write(header);
      this.active += 1;
      void splice(socket, upstream).finally(() => (this.active -= 1));
    });
    socket.once('close', () => {
      if (upstream.connecting) upstream.destroy();
    });
  }
}

/** The address the client dialled as we saw it, in the client's family (PROXY v2 wants one family). */
function destinationAddress(socket: Socket, clientAddress: string): string {
  const local = normalizeAddress(socket.localAddress ?? '');
  if (isIP(local) !== 0 && isIP(local) === isIP(clientAddress)) return local;
  return isIP(clientAddress) === 6 ? '::' : '0.0.0.0';
}
