/**
 * One session's data connection set-up: a pending passive reservation or an active target, consumed
 * by the next transfer. Connections are event-driven (no polling). Where passive connections come
 * from — a listener per PASV, or a cluster replica's permanent listeners — is the PassiveSource's
 * business; it also applies RFC 2577 §3 (a passive connection from an address other than the
 * control connection's peer is refused unless the user may FXP).
 */
import { connect, isIPv4, type Socket } from 'node:net';
import { whenAborted } from '@bucketftp/storage';
import type { DataSetup } from '../context.js';
import type { Logger } from '../logger.js';
import { enableKeepAlive } from '../net/keep-alive.js';
import type { PassiveSource } from './passive-source.js';

export interface DataChannelOptions {
  /** Our end of the control connection: passive listeners bind to it, active connections come from it. */
  readonly bindAddress: string;
  /** The control connection's peer; data connections must come from / go to it unless FXP is allowed. */
  readonly peerAddress: string;
  readonly allowFxp: () => boolean;
  readonly ports: PassiveSource;
  readonly acceptTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** limits.tcpKeepAliveMs for the data connection; 0 = off. Default 0. */
  readonly keepAliveMs?: number;
  readonly log: Logger;
  /**
   * The client address behind a passive data connection (a PROXY header's source), or undefined
   * to drop it; default: the socket's own peer address.
   */
  readonly identify?: (socket: Socket) => Promise<string | undefined>;
}

type Pending =
  | { kind: 'passive'; port: number; accepted: Promise<Socket>; release: () => void }
  | { kind: 'active'; host: string; port: number };

export class DataChannelError extends Error {
  override readonly name = 'DataChannelError';
}

export class DataChannel implements DataSetup {
  private pending: Pending | undefined;

  constructor(private readonly options: DataChannelOptions) {}

  async listenPassive(): Promise<number> {
    this.reset();
    const { bindAddress, peerAddress, allowFxp, acceptTimeoutMs, identify, log } = this.options;
    const { port, accepted, release } = await this.options.ports.reserve({ bindAddress, peerAddress, allowFxp, acceptTimeoutMs, identify, log });
    this.pending = { kind: 'passive', port, accepted, release };
    return port;
  }

  connectActive(host: string, port: number): void {
    this.reset();
    this.pending = { kind: 'active', host, port };
  }

  describe(): string {
    if (!this.pending) return 'No data connection.';
    if (this.pending.kind === 'passive') return `Passive mode: listening on port ${this.pending.port}.`;
    return `Active mode: will connect to ${this.pending.host} port ${this.pending.port}.`;
  }

  get prepared(): boolean {
    return this.pending !== undefined;
  }

  /** Takes the prepared connection and establishes it. Throws DataChannelError when that fails. */
  async open(signal: AbortSignal): Promise<Socket> {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) throw new DataChannelError('no data connection prepared (use PASV, EPSV, PORT or EPRT first)');
    const socket =
      pending.kind === 'passive' ? await abortable(pending.accepted, signal, pending.release) : await this.connectTo(pending.host, pending.port, signal);
    enableKeepAlive(socket, this.options.keepAliveMs ?? 0);
    return socket;
  }

  reset(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending?.kind === 'passive') {
      pending.release();
      pending.accepted.then((socket) => socket.destroy(), () => undefined);
    }
  }

  private connectTo(host: string, port: number, signal: AbortSignal): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      // From the address the client talked to (multi-homed hosts, and it is what the client expects).
      const bind = this.options.bindAddress;
      const localAddress = bind !== '' && isIPv4(bind) === isIPv4(host) ? bind : undefined;
      const socket = connect({ host, port, localAddress, timeout: this.options.connectTimeoutMs, allowHalfOpen: true });
      let stopListening = (): void => undefined;
      const fail = (reason: string) => {
        socket.destroy();
        stopListening();
        reject(new DataChannelError(reason));
      };
      stopListening = whenAborted(signal, () => fail('aborted'));
      socket.once('timeout', () => fail('active connect timed out'));
      socket.once('error', (error) => fail(`active connect failed: ${error.message}`));
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.removeAllListeners('timeout');
        socket.removeAllListeners('error');
        stopListening();
        guardErrors(socket);
        resolve(socket);
      });
    });
  }
}

/** A reset before the transfer attaches its pipeline must not crash the process; the pipeline still sees it. */
function guardErrors(socket: Socket): void {
  socket.on('error', () => undefined);
}

function abortable(accepted: Promise<Socket>, signal: AbortSignal, release: () => void): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const stop = whenAborted(signal, () => {
      release();
      accepted.then((socket) => socket.destroy(), () => undefined);
      reject(new DataChannelError('aborted'));
    });
    accepted.then(
      (socket) => {
        stop();
        resolve(socket);
      },
      (error: unknown) => {
        stop();
        reject(error instanceof Error ? error : new DataChannelError(String(error)));
      },
    );
  });
}
