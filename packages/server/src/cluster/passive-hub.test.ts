import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DataChannelError } from '../data/data-channel.js';
import type { PassiveRequest } from '../data/passive-source.js';
import { silentLogger } from '../logger.js';
import { connectData } from '@bucketftp/server/testing';
import { freePortBlock } from '../testing/port-block.js';
import { recordingLogger } from '../testing/recording-logger.js';
import { PassiveHub, type ClientEndpoint, type PassiveHubOptions } from './passive-hub.js';
import { PassiveLayout } from './passive-layout.js';

const hubs: PassiveHub[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

/** Replica 0 of two, two ports each, on 127.0.0.1; clients are told apart by their source address. */
async function startHub(options: Partial<PassiveHubOptions> = {}): Promise<{ hub: PassiveHub; layout: PassiveLayout }> {
  const first = await freePortBlock(4);
  const layout = new PassiveLayout({ min: first, max: first + 3 }, 2);
  const hub = new PassiveHub({
    layout,
    replica: 0,
    host: '127.0.0.1',
    identify: async (socket) => ({ address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }),
    log: silentLogger,
    ...options,
  });
  hubs.push(hub);
  await hub.start();
  return { hub, layout };
}

function request(peerAddress: string, overrides: Partial<PassiveRequest> = {}): PassiveRequest {
  return { bindAddress: '127.0.0.1', peerAddress, allowFxp: () => false, acceptTimeoutMs: 10_000, log: silentLogger, ...overrides };
}

/** Connects from `from` and sends one marker byte, so the accepted socket can be told apart. */
async function dial(port: number, from: string, marker: string): Promise<Socket> {
  const socket = await connectData(port, { localAddress: from });
  sockets.push(socket);
  socket.on('error', () => undefined);
  socket.write(marker);
  return socket;
}

async function markerOf(accepted: Promise<Socket>): Promise<string> {
  const socket = await accepted;
  sockets.push(socket);
  const [chunk] = (await new Promise<Buffer[]>((resolve) => socket.once('data', (data: Buffer) => resolve([data])))) as [Buffer];
  return chunk.toString();
}

function closedByServer(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve();
    socket.once('close', () => resolve());
    socket.resume();
  });
}

describe('PassiveHub', () => {
  it("reserves ports of its own slice only, idle ones first, then shares a port between different client addresses", async () => {
    const { hub, layout } = await startHub();
    const own = layout.sliceOf(0);
    const a = await hub.reserve(request('127.0.0.2'));
    const b = await hub.reserve(request('127.0.0.3'));
    const c = await hub.reserve(request('127.0.0.4'));
    for (const reservation of [a, b, c]) {
      expect(reservation.port).toBeGreaterThanOrEqual(own.min);
      expect(reservation.port).toBeLessThanOrEqual(own.max);
    }
    expect(a.port).not.toBe(b.port);
    expect([a.port, b.port]).toContain(c.port);
    expect(hub.inUse).toBe(3);

    // Each connection goes to the reservation of its own address, on the shared port too.
    await dial(c.port, '127.0.0.4', 'c');
    await dial(a.port, '127.0.0.2', 'a');
    await dial(b.port, '127.0.0.3', 'b');
    expect(await markerOf(c.accepted)).toBe('c');
    expect(await markerOf(a.accepted)).toBe('a');
    expect(await markerOf(b.accepted)).toBe('b');
    expect(hub.inUse).toBe(0);
    expect(hub.stats).toEqual({ accepted: 3, forwarded: 0, dropped: 0 });
  });

  it('never gives one address two waiting reservations on a port, and frees the port once its connection came', async () => {
    const { hub } = await startHub();
    const first = await hub.reserve(request('127.0.0.2'));
    const second = await hub.reserve(request('127.0.0.2'));
    expect(second.port).not.toBe(first.port);
    await expect(hub.reserve(request('127.0.0.2'))).rejects.toThrow(DataChannelError);
    await dial(first.port, '127.0.0.2', 'x');
    await markerOf(first.accepted);
    expect((await hub.reserve(request('127.0.0.2'))).port).toBe(first.port);
  });

  it('drops a connection from a foreign address and keeps waiting for the right one (RFC 2577 §3)', async () => {
    const log = recordingLogger();
    const { hub } = await startHub({ log });
    const reservation = await hub.reserve(request('127.0.0.2'));
    const stranger = await dial(reservation.port, '127.0.0.9', 's');
    await closedByServer(stranger);
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'refused passive data connection from a foreign address', fields: expect.objectContaining({ from: '127.0.0.9' }) }));
    await dial(reservation.port, '127.0.0.2', 'r');
    expect(await markerOf(reservation.accepted)).toBe('r');
    expect(hub.stats.dropped).toBe(1);
  });

  it('gives an FXP reservation a port of its own and any address', async () => {
    const { hub } = await startHub();
    const fxp = await hub.reserve(request('127.0.0.2', { allowFxp: () => true }));
    const other = await hub.reserve(request('127.0.0.3'));
    expect(other.port).not.toBe(fxp.port);
    // Both ports are taken now: the next FXP reservation finds no idle port, a plain one shares.
    await expect(hub.reserve(request('127.0.0.4', { allowFxp: () => true }))).rejects.toThrow(DataChannelError);
    expect((await hub.reserve(request('127.0.0.4'))).port).toBe(other.port);
    await dial(fxp.port, '127.0.0.7', 'f');
    expect(await markerOf(fxp.accepted)).toBe('f');
  });

  it('rejects a reservation that times out or is released, and gives the port back', async () => {
    const { hub } = await startHub();
    const late = await hub.reserve(request('127.0.0.2', { acceptTimeoutMs: 50 }));
    await expect(late.accepted).rejects.toThrow(/timed out/);
    const released = await hub.reserve(request('127.0.0.2'));
    released.release();
    await expect(released.accepted).rejects.toThrow(/released/);
    expect(hub.inUse).toBe(0);
  });

  it("hands a connection for another replica's port to forward(), with the client it came from", async () => {
    const forwarded: { owner: number; client: ClientEndpoint; port: number }[] = [];
    const { layout } = await startHub({
      forward: (socket, owner, client, port) => {
        forwarded.push({ owner, client, port });
        socket.destroy();
      },
    });
    const theirs = layout.sliceOf(1).min;
    await closedByServer(await dial(theirs, '127.0.0.5', 'x'));
    expect(forwarded).toEqual([{ owner: 1, client: expect.objectContaining({ address: '127.0.0.5' }), port: theirs }]);
  });

  it("drops a connection for another replica's port when forwarding is off", async () => {
    const { hub, layout } = await startHub();
    await closedByServer(await dial(layout.sliceOf(1).max, '127.0.0.5', 'x'));
    expect(hub.stats).toEqual({ accepted: 0, forwarded: 0, dropped: 1 });
  });

  it('drops a connection that identify() refuses', async () => {
    const { hub } = await startHub({ identify: async () => undefined });
    const reservation = await hub.reserve(request('127.0.0.2', { acceptTimeoutMs: 200 }));
    await closedByServer(await dial(reservation.port, '127.0.0.2', 'x'));
    await expect(reservation.accepted).rejects.toThrow(/timed out/);
  });

  it('names the port it cannot listen on, and closes the ports it had opened', async () => {
    const { layout } = await startHub();
    const second = new PassiveHub({ layout, replica: 1, host: '127.0.0.1', identify: async () => undefined, log: silentLogger });
    await expect(second.start()).rejects.toThrow(new RegExp(`cannot listen on passive port ${layout.range.min}: EADDRINUSE`));
  });
});

describe('a slice with no port free for the client (passive.portWaitMs)', () => {
  it('a reservation waits for one of its client\'s ports to be taken, then gets it; another client is not held up', async () => {
    const waits: string[] = [];
    const { hub } = await startHub({ wait: { waitMs: 10_000, maxWaiters: 8, waited: (event) => waits.push(event.outcome) } });
    const first = await hub.reserve(request('127.0.0.1'));
    const second = await hub.reserve(request('127.0.0.1'));
    expect(new Set([first.port, second.port]).size).toBe(2); // both ports of the slice, for this client
    const third = hub.reserve(request('127.0.0.1'));
    // Another client shares the busy ports at once (they are held for 127.0.0.1 only).
    expect((await hub.reserve(request('127.0.0.2'))).port).toBeGreaterThan(0);
    await dial(first.port, '127.0.0.1', 'a');
    expect(await markerOf(first.accepted)).toBe('a');
    expect((await third).port).toBe(first.port);
    expect(waits).toEqual(['ok']);
  });

  it('rejects after waitMs, and at once when maxWaiters are waiting already', async () => {
    const waits: string[] = [];
    const { hub } = await startHub({ wait: { waitMs: 300, maxWaiters: 1, waited: (event) => waits.push(event.outcome) } });
    await hub.reserve(request('127.0.0.1'));
    await hub.reserve(request('127.0.0.1'));
    const waiting = hub.reserve(request('127.0.0.1'));
    waiting.catch(() => undefined);
    await expect(hub.reserve(request('127.0.0.1'))).rejects.toThrow("no free passive port in this replica's slice");
    await expect(waiting).rejects.toBeInstanceOf(DataChannelError);
    expect(waits).toEqual(['queue-full', 'timeout']);
  });
});
