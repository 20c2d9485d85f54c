/**
 * Hands out passive listeners from the configured port range (server-wide, shared by sessions).
 * A port is busy while its listener is open; the listener is closed as soon as its one data
 * connection is accepted or the session gives it up.
 */
import { createServer, type Server } from 'node:net';
import { DataChannelError } from './data-channel.js';

export interface PortRange {
  min: number;
  max: number;
}

export class PassivePorts {
  private readonly busy = new Set<number>();

  constructor(private readonly range: PortRange | undefined) {}

  get inUse(): number {
    return this.busy.size;
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
      };
      return { server, port: actual, release };
    }
    throw new DataChannelError('no free passive port in the configured range');
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
