import { once } from 'node:events';
import { createServer, connect, type Socket, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { confirmCleanEnd } from './clean-end.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A half-open server-side socket and the client socket connected to it. */
async function pair(): Promise<{ server: Socket; client: Socket }> {
  const listener = createServer({ allowHalfOpen: true });
  servers.push(listener);
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  const [server] = await accepted;
  server.on('error', () => undefined);
  return { server, client };
}

/** Reads until end of stream without destroying the socket (as the upload pipeline does). */
function readToEnd(socket: Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    socket.once('end', () => resolve(bytes));
    socket.once('error', reject);
  });
}

describe('confirmCleanEnd', () => {
  it('accepts a connection the client closed with FIN after its data', async () => {
    const { server, client } = await pair();
    client.end(Buffer.alloc(256 * 1024, 1));
    expect(await readToEnd(server)).toBe(256 * 1024);
    await expect(confirmCleanEnd(server)).resolves.toBeUndefined();
    server.destroy();
  });

  it('rejects a connection the client reset, even when queued bytes were read to a plain end', async () => {
    const { server, client } = await pair();
    client.write(Buffer.alloc(1024 * 1024, 2));
    client.resetAndDestroy();
    await readToEnd(server).catch(() => 0);
    await expect(confirmCleanEnd(server)).rejects.toThrow();
    server.destroy();
  });
});
