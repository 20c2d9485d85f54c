import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { MemoryDriver, StorageError } from '@bucketftp/storage';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileDownload, FileUpload, ListingDownload } from '../context.js';
import { patternBytes, putFile, readFile } from '../testing/files.js';
import { FirstFailure, moveBytes } from './byte-path.js';

const sockets: Socket[] = [];
const listeners: Server[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const listener of listeners.splice(0)) listener.close();
});

/** A half-open server-side socket, as data connections are, and the client connected to it. */
async function pair(): Promise<{ server: Socket; client: Socket }> {
  const listener = createServer({ allowHalfOpen: true });
  listeners.push(listener);
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const accepted = once(listener, 'connection') as Promise<[Socket]>;
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1');
  client.on('error', () => undefined);
  const [server] = await accepted;
  sockets.push(server, client);
  return { server, client };
}

function upload(storage: MemoryDriver, type: 'ascii' | 'binary' = 'binary'): FileUpload {
  return {
    command: 'STOR',
    path: '/f.bin',
    kind: 'file',
    direction: 'upload',
    opening: 'Ok to send data.',
    type,
    sink: (source, signal, beforeCommit) => storage.write('/f.bin', source, { signal, beforeCommit }),
  };
}

function download(source: () => Readable): FileDownload {
  return { command: 'RETR', path: '/f.bin', kind: 'file', direction: 'download', opening: 'Here it comes.', type: 'binary', offset: 0, source: async () => source() };
}

const allowed = async (): Promise<void> => undefined;

describe('moveBytes', () => {
  it('commits an upload that ended cleanly, converting TYPE A line endings', async () => {
    const storage = new MemoryDriver();
    const { server, client } = await pair();
    client.end('one\r\ntwo\r\n');
    await moveBytes(upload(storage, 'ascii'), server, { signal: new AbortController().signal, failures: new FirstFailure(), beforeCommit: allowed });
    expect((await readFile(storage, '/f.bin')).toString()).toBe('one\ntwo\n');
  });

  it('keeps the previous file when the commit is refused after a clean end (the client hung up)', async () => {
    const storage = new MemoryDriver();
    await putFile(storage, '/f.bin', 'previous');
    const { server, client } = await pair();
    client.end(patternBytes(100_000, 1));
    const failures = new FirstFailure();
    const refused = async () => {
      throw new Error('hung up');
    };
    await expect(moveBytes(upload(storage), server, { signal: new AbortController().signal, failures, beforeCommit: refused })).rejects.toThrow();
    expect(failures.end).toBe('socket');
    expect((await readFile(storage, '/f.bin')).toString()).toBe('previous');
  });

  it('a storage write that fails while the client still sends ends the transfer at once, blamed on storage', async () => {
    class FailingDriver extends MemoryDriver {
      override async write(): Promise<never> {
        throw new StorageError('unavailable', 'backend gone');
      }
    }
    const { server, client } = await pair();
    client.write(patternBytes(64 * 1024, 2)); // and never ends
    const failures = new FirstFailure();
    await expect(
      moveBytes(upload(new FailingDriver()), server, { signal: new AbortController().signal, failures, beforeCommit: allowed }),
    ).rejects.toMatchObject({ kind: 'unavailable' });
    expect(failures.end).toBe('storage');
  });

  it('a reset during an upload is blamed on the data connection, whatever storage reports afterwards', async () => {
    const storage = new MemoryDriver();
    const { server, client } = await pair();
    client.write(patternBytes(64 * 1024, 3));
    const failures = new FirstFailure();
    const moving = moveBytes(upload(storage), server, { signal: new AbortController().signal, failures, beforeCommit: allowed });
    while (server.bytesRead === 0) await new Promise((resolve) => setImmediate(resolve));
    client.resetAndDestroy();
    await expect(moving).rejects.toThrow();
    expect(failures.end).toBe('socket');
  });

  it('a storage source that fails mid-download is blamed on storage, though the socket is then destroyed with it', async () => {
    const { server, client } = await pair();
    client.resume();
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield patternBytes(1000, 4);
      throw new StorageError('unavailable', 'backend connection reset');
    }
    const failures = new FirstFailure();
    await expect(
      moveBytes(download(() => Readable.from(failing(), { objectMode: false })), server, { signal: new AbortController().signal, failures, beforeCommit: allowed }),
    ).rejects.toMatchObject({ kind: 'unavailable' });
    expect(failures.end).toBe('storage');
  });

  it('passes file bytes through the bandwidth stage as they are on the wire, and never asks one for a listing', async () => {
    const asked: string[] = [];
    let wireBytes = 0;
    const throttle = (direction: 'upload' | 'download') => {
      asked.push(direction);
      const stage = new PassThrough();
      stage.on('data', (chunk: Buffer) => (wireBytes += chunk.length));
      return stage;
    };
    const storage = new MemoryDriver();
    const up = await pair();
    up.client.end('one\r\ntwo\r\n');
    await moveBytes(upload(storage, 'ascii'), up.server, { signal: new AbortController().signal, failures: new FirstFailure(), beforeCommit: allowed, throttle });
    expect((await readFile(storage, '/f.bin')).toString()).toBe('one\ntwo\n');
    expect(wireBytes).toBe(10);

    const down = await pair();
    down.client.resume();
    const file: FileDownload = { ...download(() => Readable.from([Buffer.from('a\nb\n')])), type: 'ascii' };
    await moveBytes(file, down.server, { signal: new AbortController().signal, failures: new FirstFailure(), beforeCommit: allowed, throttle });
    expect(wireBytes).toBe(10 + 6);

    const listed = await pair();
    listed.client.resume();
    async function* lines(): AsyncGenerator<string> {
      yield 'f.bin\r\n';
    }
    const listing: ListingDownload = { command: 'NLST', kind: 'listing', direction: 'download', opening: 'Here it comes.', lines };
    await moveBytes(listing, listed.server, { signal: new AbortController().signal, failures: new FirstFailure(), beforeCommit: allowed, throttle });
    expect(asked).toEqual(['upload', 'download']);
  });
});
