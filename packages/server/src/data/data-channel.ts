/**
 * One session's data connection set-up: a pending passive listener or an active target, consumed by
 * the next transfer. Connections are event-driven (no polling). RFC 2577 §3: a passive connection
 * from an address other than the control connection's peer is refused unless the user may FXP.
 */
import { connect, isIPv4, type Server, type Socket } from 'node:net';
import { sameHost } from '@bucketftp/protocol';
import type { DataSetup } from '../context.js';
import type { Logger } from '../logger.js';
import type { PassivePorts } from './passive-ports.js';

export interface DataChannelOptions {
  /** Address the passive listener binds to (the control connection's local address). */
  readonly bindAddress: string;
  /** The control connection's peer; data connections must come from / go to it unless FXP is allowed. */
  readonly peerAddress: string;
  readonly allowFxp: () => boolean;
  readonly ports: PassivePorts;
  readonly acceptTimeoutMs: number;
  readonly connectTimeoutMs: number;
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
    const { server, port, release } = await this.options.ports.open(this.options.bindAddress);
    const accepted = this.acceptOne(server, release);
    accepted.catch(() => undefined); // observed by open(); never an unhandled rejection
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
    if (pending.kind === 'passive') return await abortable(pending.accepted, signal, pending.release);
    return await this.connectTo(pending.host, pending.port, signal);
  }

  reset(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending?.kind === 'passive') {
      pending.release();
      pending.accepted.then((socket) => socket.destroy(), () => undefined);
    }
  }

  private acceptOne(server: Server, release: () => void): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        release();
        reject(new DataChannelError('timed out waiting for the passive data connection'));
      }, this.options.acceptTimeoutMs);
      timer.unref();
      const admit = async (socket: Socket) => {
        socket.on('error', () => undefined);
        const identify = this.options.identify ?? ((candidate: Socket) => Promise.resolve(candidate.remoteAddress ?? ''));
        const from = await identify(socket);
        if (settled || from === undefined) {
          socket.destroy();
          return;
        }
        if (!sameHost(from, this.options.peerAddress) && !this.options.allowFxp()) {
          this.options.log.warn({ from, expected: this.options.peerAddress }, 'refused passive data connection from a foreign address');
          socket.destroy();
          return;
        }
        settled = true;
        clearTimeout(timer);
        release();
        resolve(socket);
      };
      server.on('connection', (socket: Socket) => void admit(socket));
      server.on('close', () => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        reject(new DataChannelError('passive listener closed'));
      });
    });
  }

  private connectTo(host: string, port: number, signal: AbortSignal): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      // From the address the client talked to (multi-homed hosts, and it is what the client expects).
      const bind = this.options.bindAddress;
      const localAddress = bind !== '' && isIPv4(bind) === isIPv4(host) ? bind : undefined;
      const socket = connect({ host, port, localAddress, timeout: this.options.connectTimeoutMs, allowHalfOpen: true });
      const fail = (reason: string) => {
        socket.destroy();
        signal.removeEventListener('abort', onAbort);
        reject(new DataChannelError(reason));
      };
      const onAbort = () => fail('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('timeout', () => fail('active connect timed out'));
      socket.once('error', (error) => fail(`active connect failed: ${error.message}`));
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.removeAllListeners('timeout');
        socket.removeAllListeners('error');
        signal.removeEventListener('abort', onAbort);
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
  if (signal.aborted) {
    release();
    return Promise.reject(new DataChannelError('aborted'));
  }
  return new Promise<Socket>((resolve, reject) => {
    const onAbort = () => {
      release();
      accepted.then((socket) => socket.destroy(), () => undefined);
      reject(new DataChannelError('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    accepted.then(
      (socket) => {
        signal.removeEventListener('abort', onAbort);
        resolve(socket);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new DataChannelError(String(error)));
      },
    );
  });
}
