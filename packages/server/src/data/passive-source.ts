/**
 * Where passive data connections come from. A single server opens one listener per PASV/EPSV
 * (passive-ports.ts); a replica of a cluster listens on every port of the range at once and matches
 * each incoming connection to a reservation (cluster/passive-hub.ts). Sessions see only this seam.
 */
import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';

export interface PassiveRequest {
  /** Our end of the control connection: the address a per-session listener binds to. */
  readonly bindAddress: string;
  /** The control connection's peer; RFC 2577 §3: the data connection must come from it unless FXP is allowed. */
  readonly peerAddress: string;
  readonly allowFxp: () => boolean;
  readonly acceptTimeoutMs: number;
  /**
   * The client address behind an incoming connection (a PROXY header's source), or undefined to
   * drop it; default: the socket's own peer address.
   */
  readonly identify?: (socket: Socket) => Promise<string | undefined>;
  readonly log: Logger;
}

export interface PassiveReservation {
  /** The port announced in the 227/229 reply. */
  readonly port: number;
  /** The client's data connection; rejects with a DataChannelError on timeout or release. */
  readonly accepted: Promise<Socket>;
  /** Gives the port back (idempotent); a connection not yet accepted is no longer waited for. */
  readonly release: () => void;
}

export interface PassiveSource {
  /** Throws a DataChannelError when no port can be given out. */
  reserve(request: PassiveRequest): Promise<PassiveReservation>;
  /** Data connections still awaited, i.e. ports reserved (for monitoring). */
  readonly inUse: number;
  /** PASV/EPSV requests waiting for a port to free up (for monitoring). */
  readonly queued: number;
}
