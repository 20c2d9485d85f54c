import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransferRequest } from './context.js';
import type { TransferRecord } from './observer.js';
import { DataChannel } from './data/data-channel.js';
import { PassivePorts } from './data/passive-ports.js';
import { silentLogger } from './logger.js';
import { SessionStats } from './stats.js';
import { connectData } from '@bucketftp/server/testing';
import { TransferRunner } from './transfer-runner.js';

/** More than the socket buffers between a server and a client that does not read. */
const MORE_THAN_BUFFERS = 40 * 1024 * 1024;

const clients: Socket[] = [];

afterEach(() => {
  for (const socket of clients.splice(0)) socket.destroy();
});

/** A runner over a real passive data channel on 127.0.0.1, with a client connected that never reads. */
async function setUp(dataTimeoutMs = 60_000): Promise<{ runner: TransferRunner; replies: number[]; stats: SessionStats; reports: Omit<TransferRecord, 'sid' | 'user'>[]; client: Socket }> {
  const data = new DataChannel({
    bindAddress: '127.0.0.1',
    peerAddress: '127.0.0.1',
    allowFxp: () => false,
    ports: new PassivePorts(undefined),
    acceptTimeoutMs: 10_000,
    connectTimeoutMs: 10_000,
    log: silentLogger,
  });
  const port = await data.listenPassive();
  const client = await connectData(port);
  client.on('error', () => undefined);
  client.pause();
  clients.push(client);
  const replies: number[] = [];
  const stats = new SessionStats();
  const reports: Omit<TransferRecord, 'sid' | 'user'>[] = [];
  const runner = new TransferRunner({
    data,
    stats,
    dataTimeoutMs,
    replies: { transfer: (code) => void replies.push(code) },
    log: () => silentLogger,
    report: (record) => reports.push(record),
  });
  return { runner, replies, stats, reports, client };
}

/** A download whose last bytes are still queued in the socket once the source has ended. */
function queuedTail(): TransferRequest {
  return {
    command: 'RETR',
    path: '/big.bin',
    kind: 'file',
    direction: 'download',
    opening: 'Opening BINARY mode data connection for /big.bin.',
    type: 'binary',
    offset: 0,
    source: async () => Readable.from([Buffer.alloc(MORE_THAN_BUFFERS, 0x61)]),
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe('TransferRunner', () => {
  it('answers 552 and never lets storage see the end of an upload past maxBytes', async () => {
    const { runner, replies, stats, reports, client } = await setUp();
    let stored = 0;
    let ended = false;
    runner.start({
      command: 'STOR',
      path: '/big.bin',
      kind: 'file',
      direction: 'upload',
      opening: 'Opening BINARY mode data connection for big.bin.',
      type: 'binary',
      maxBytes: 100_000,
      async sink(source) {
        for await (const chunk of source as AsyncIterable<Buffer>) stored += chunk.byteLength;
        ended = true;
      },
    });
    await until(() => replies.length > 0);
    client.end(Buffer.alloc(300_000, 0x62));
    await runner.idle();
    expect(replies).toEqual([150, 552]);
    expect(ended).toBe(false);
    expect(stored).toBeLessThanOrEqual(100_000);
    expect(stats.transfers).toBe(0);
    expect(reports.at(-1)).toMatchObject({ result: 'failed' });
  });

  it('answers 426, not 226, when ABOR comes while the last bytes are still being flushed', async () => {
    const { runner, replies, stats } = await setUp();
    runner.start(queuedTail());
    await until(() => replies.length > 0);
    expect(await runner.abort()).toBe(true);
    expect(replies).toEqual([150, 426]);
    expect(stats.transfers).toBe(0);
    expect(runner.current).toBeUndefined();
  });

  it('answers 426 when the data connection times out while flushing', async () => {
    const { runner, replies, stats, reports } = await setUp(100);
    runner.start(queuedTail());
    await runner.idle();
    expect(replies).toEqual([150, 426]);
    expect(stats.transfers).toBe(0);
    expect(reports).toEqual([expect.objectContaining({ command: 'RETR', kind: 'file', direction: 'download', result: 'aborted' })]);
  });

  it('reports the bytes moved so far while running', async () => {
    const { runner, replies } = await setUp();
    runner.start(queuedTail());
    await until(() => replies.length > 0);
    expect(runner.current).toMatchObject({ command: 'RETR' });
    expect(runner.current?.bytes).toBeGreaterThan(0);
    await runner.abort();
  });

  it('refuses to start a second transfer while one runs', async () => {
    const { runner } = await setUp();
    runner.start(queuedTail());
    expect(() => runner.start(queuedTail())).toThrow(/already running/);
    await runner.abort();
  });
});
