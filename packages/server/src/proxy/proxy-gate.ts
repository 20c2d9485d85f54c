/**
 * Where a connection really comes from when load balancers speak the PROXY protocol in front of
 * us. Only trusted proxies may send a header, and from them it is required (spec §2: the receiver
 * must not guess); anyone else is refused, or — with `allowDirectConnections` — served under their
 * own address and refused only if they try to send a header themselves.
 */
import type { Socket } from 'node:net';
import { AddressList, normalizeAddress } from '@bucketftp/protocol';
import type { RefusalReason } from '../observer.js';
import type { ProxyProtocolOptions } from '../options.js';
import { readProxyHeader } from './read-header.js';

export interface PeerAddress {
  readonly address: string;
  readonly port: number;
}

export type Admission =
  /** `direct`: not through a proxy; a PROXY header on this connection must be refused. */
  | { readonly ok: true; readonly peer: PeerAddress; readonly direct: boolean }
  | { readonly ok: false; readonly reason: RefusalReason; readonly detail: string };

export class ProxyGate {
  private readonly trusted: AddressList;

  constructor(private readonly options: Required<ProxyProtocolOptions>) {
    this.trusted = new AddressList(options.trustedProxies);
  }

  /** Resolves the client behind a control connection (before the greeting). */
  async admitControl(socket: Socket): Promise<Admission> {
    return await this.admit(socket, true);
  }

  /**
   * Resolves the client behind a passive data connection (before the RFC 2577 address check), or
   * undefined when the connection must be dropped.
   */
  async admitData(socket: Socket): Promise<string | undefined> {
    const admission = await this.admit(socket, this.options.passiveData);
    return admission.ok ? admission.peer.address : undefined;
  }

  private async admit(socket: Socket, expectHeader: boolean): Promise<Admission> {
    const peer = { address: normalizeAddress(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 };
    if (!this.trusted.has(peer.address)) {
      if (this.options.allowDirectConnections) return { ok: true, peer, direct: true };
      return { ok: false, reason: 'not-from-proxy', detail: `${peer.address} is not a trusted proxy` };
    }
    if (!expectHeader) return { ok: true, peer, direct: false };
    const outcome = await readProxyHeader(socket, this.options.headerTimeoutMs, this.options.maxHeaderBytes);
    if (!outcome.ok) return { ok: false, reason: 'proxy-header-invalid', detail: outcome.reason };
    if (outcome.header.kind === 'local') return { ok: true, peer, direct: false };
    return { ok: true, peer: outcome.header.source, direct: false };
  }
}
