import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { confirmCleanEnd } from '../data/clean-end.js';
import { patternBytes } from '../testing/files.js';
import { splice } from './splice.js';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
});

async function listenHalfOpen(): Promise<{ server: Server; port: number; next: () => Promise<Socket> }> {
  const server = createServer({ allowHalfOpen: true });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const queue: Socket[] = [];
  const waiters: ((socket: Socket) => void)[] = [];
  server.on('connection', (socket: Socket) => {
    socket.on('error', () => undefined);
    sockets.push(socket);
    const waiter = waiters.shift();
    if (waiter) waiter(socket);
    else queue.push(socket);
  });
  const next = () => {
    const ready = queue.shift();
    return ready ? Promise.resolve(ready) : new Promise<Socket>((resolve) => waiters.push(resolve));
  };
  return { server, port: (server.address() as AddressInfo).port, next };
}

function dial(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  sockets.push(socket);
  socket.on('error', () => undefined);
  return once(socket, 'connect').then(() => socket);
}

/** client → relay front ⇄ upstream → owner: returns the client's and the owner's ends. */
async function relayed(): Promise<{ client: Socket; owner: Socket; done: Promise<void> }> {
  const owner = await listenHalfOpen();
  const front = await listenHalfOpen();
  const client = await dial(front.port);
  const inbound = await front.next();
  const upstream = await dial(owner.port);
  const done = splice(inbound, upstream);
  return { client, owner: await owner.next(), done };
}

function readAll(socket: Socket): Promise<{ bytes: Buffer; error?: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('end', () => resolve({ bytes: Buffer.concat(chunks) }));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve({ bytes: Buffer.concat(chunks), error: error.code }));
  });
}

describe('splice', () => {
  it('carries an upload byte-exact and passes its clean end on, so the owner can confirm it and answer', async () => {
    const { client, owner, done } = await relayed();
    const upload = patternBytes(3 * 1024 * 1024 + 11, 7);
    const received = readAll(owner);
    client.end(upload);
    const { bytes, error } = await received;
    expect(error).toBeUndefined();
    expect(bytes.equals(upload)).toBe(true);
    await expect(confirmCleanEnd(owner)).resolves.toBeUndefined();
    const answer = readAll(client);
    owner.end('committed');
    expect((await answer).bytes.toString()).toBe('committed');
    await done;
  });

  it('carries a download byte-exact to the client even when the owner closes right after its last byte', async () => {
    const { client, owner, done } = await relayed();
    const download = patternBytes(4 * 1024 * 1024 + 3, 9);
    const received = readAll(client);
    owner.end(download, () => owner.destroy());
    const { bytes, error } = await received;
    expect(error).toBeUndefined();
    expect(bytes.equals(download)).toBe(true);
    client.end();
    await done;
  });

  it("turns a client's reset into a reset at the owner: a cut-off upload never looks complete", async () => {
    const { client, owner, done } = await relayed();
    const received = readAll(owner);
    client.write(patternBytes(1024 * 1024, 3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.resetAndDestroy();
    const outcome = await received;
    const confirmed = outcome.error === undefined ? await confirmCleanEnd(owner).then(() => 'clean', () => 'reset') : 'reset';
    expect(confirmed).toBe('reset');
    await done;
  });

  it("turns the owner's reset (an aborted transfer) into a reset at the client", async () => {
    const { client, owner, done } = await relayed();
    const received = readAll(client);
    owner.write(patternBytes(64 * 1024, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    owner.resetAndDestroy();
    expect((await received).error).toBe('ECONNRESET');
    await done;
  });
});
