/**
 * Hands out passive listeners from the configured port range (server-wide, shared by sessions).
 * A port is busy while its listener is open; the listener is closed as soon as its one data
 * connection is accepted or the session gives it up. RFC 2577 §3: a connection from an address
 * other than the control connection's peer is refused unless the user may FXP.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { sameHost } from '@bucketftp/protocol';
import { DataChannelError } from './data-channel.js';
import type { PassiveRequest, PassiveReservation, PassiveSource } from './passive-source.js';
import { PortWaiters, type PortWaitOptions } from './port-waiters.js';

export interface PortRange {
  min: number;
  max: number;
}

export class PassivePorts implements PassiveSource {
  private readonly busy = new Set<number>();
  private readonly waiters: PortWaiters;

  /** `wait`: how a PASV/EPSV that finds every port busy waits for one; default: it does not. */
  constructor(
    private readonly range: PortRange | undefined,
    wait: PortWaitOptions = { waitMs: 0, maxWaiters: 0 },
  ) {
    this.waiters = new PortWaiters(wait);
  }

  get inUse(): number {
    return this.busy.size;
  }

  get queued(): number {
    return this.waiters.waiting;
  }

  /**
   * Opens a listener on the request's bind address (waiting for a port to free up when all are
   * busy) and waits there for the client's one data connection.
   */
  async reserve(request: PassiveRequest): Promise<PassiveReservation> {
    const opened = await this.waiters.acquire(() => this.open(request.bindAddress).catch((error: unknown) => {
      if (error instanceof NoFreePort) return undefined;
      throw error;
    }));
    if (!opened) throw new DataChannelError('no free passive port in the configured range');
    const { server, port, release } = opened;
    const accepted = acceptOne(server, release, request);
    accepted.catch(() => undefined); // observed by the transfer; never an unhandled rejection
    return { port, accepted, release };
  }

  /** Opens a listener on `host`; throws when every port of the range is taken. */
  async open(host: string): Promise<{ server: Server; port: number; release: () => void }> {
    const candidates = this.candidates();
    for (const port of candidates) {
      if (this.busy.has(port)) continue;
      // Half-open: our side stays writable after the client's FIN (see clean-end.ts).
      const server = createServer({ allowHalfOpen: true });
      try {
        await listen(server, host, port);
      } catch (error) {
        if (isAddressInUse(error)) continue;
        throw error;
      }
      const actual = (server.address() as { port: number }).port;
      this.busy.add(actual);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.busy.delete(actual);
        server.close();
        this.waiters.freed();
      };
      return { server, port: actual, release };
    }
    throw new NoFreePort('no free passive port in the configured range');
  }

  /** Random start, then every port once, so concurrent sessions rarely collide. */
  private candidates(): number[] {
    if (!this.range) return [0];
    const { min, max } = this.range;
    const size = max - min + 1;
    const start = Math.floor(Math.random() * size);
    return Array.from({ length: size }, (_, i) => min + ((start + i) % size));
  }
}

class NoFreePort extends DataChannelError {}

function acceptOne(server: Server, release: () => void, request: PassiveRequest): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      release();
      reject(new DataChannelError('timed out waiting for the passive data connection'));
    }, request.acceptTimeoutMs);
    timer.unref();
    const admit = async (socket: Socket) => {
      socket.on('error', () => undefined);
      const identify = request.identify ?? ((candidate: Socket) => Promise.resolve(candidate.remoteAddress ?? ''));
      const from = await identify(socket);
      if (settled || from === undefined) {
        socket.destroy();
        return;
      }
      if (!sameHost(from, request.peerAddress) && !request.allowFxp()) {
        request.log.warn({ from, expected: request.peerAddress }, 'refused passive data connection from a foreign address');
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

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function isAddressInUse(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES';
}
