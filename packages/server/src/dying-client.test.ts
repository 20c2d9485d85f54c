/**
 * A client process that dies in the middle of an upload: its kernel closes the data and the control
 * connection with a FIN each, and the FIN on the data connection looks like a normal end of file.
 * The upload must not be committed when the control connection closed without QUIT before the 226
 * could be written; a client that sent QUIT still gets its file (RFC 959 §4.1.1).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryDriver, type StorageDriver } from '@bucketftp/storage';
import { FsDriver } from '@bucketftp/storage-fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransferRecord } from './observer.js';
import { type ControlClient, openPassive } from '@bucketftp/server/testing';
import { patternBytes, putFile, readFile } from './testing/files.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const ORIGINAL = 'original content';
const SENT = 256 * 1024;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Fixture {
  readonly server: TestServer;
  /** Resolves with the record of the next finished transfer. */
  nextTransfer(): Promise<TransferRecord>;
  /** Names in the storage root, on disk for the fs driver (temporary upload files included). */
  rootNames(): Promise<string[]>;
}

const drivers: { name: string; create: () => Promise<{ storage: StorageDriver; names: () => Promise<string[]> }> }[] = [
  {
    name: 'memory',
    create: async () => {
      const storage = new MemoryDriver();
      return { storage, names: async () => (await collect(storage.list('/'))).map((entry) => entry.name).sort() };
    },
  },
  {
    name: 'fs',
    create: async () => {
      const root = await mkdtemp(join(tmpdir(), 'bucketftp-dying-client-'));
      cleanups.push(() => rm(root, { recursive: true, force: true }));
      return { storage: new FsDriver({ root }), names: async () => (await readdir(root)).sort() };
    },
  },
];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function fixture(create: (typeof drivers)[number]['create']): Promise<Fixture> {
  const { storage, names } = await create();
  const records: TransferRecord[] = [];
  let wake: (() => void) | undefined;
  const server = await startTestServer({
    storage,
    observer: {
      transfer: (record) => {
        records.push(record);
        wake?.();
      },
    },
  });
  cleanups.push(() => server.stop());
  await putFile(storage, '/keep.bin', ORIGINAL);
  return {
    server,
    rootNames: names,
    async nextTransfer() {
      for (;;) {
        const record = records.shift();
        if (record) return record;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/** Polls STAT until the running transfer reports at least `bytes` bytes. */
async function waitForProgress(control: ControlClient, bytes: number): Promise<void> {
  for (;;) {
    const status = await control.command('STAT');
    const line = status.lines.find((text) => text.includes('bytes so far'));
    const match = line === undefined ? null : /: (\d+) bytes so far/.exec(line);
    if (match && Number(match[1]) >= bytes) return;
  }
}

describe.each(drivers)('a client that dies during STOR ($name driver)', ({ create }) => {
  it.each([
    { order: 'data FIN first', dataFirst: true },
    { order: 'control FIN first', dataFirst: false },
  ])('$order, microseconds apart: the previous file stays, the transfer counts as aborted', async ({ dataFirst }) => {
    const { server, nextTransfer, rootNames } = await fixture(create);
    // Both orders, several times: which FIN the server sees first is up to the kernel and the event loop.
    for (let attempt = 0; attempt < 5; attempt++) {
      const client = await server.login();
      await client.command('TYPE I');
      const data = await openPassive(client);
      data.on('error', () => undefined);
      expect((await client.command('STOR keep.bin')).code).toBe(150);
      data.write(patternBytes(SENT, attempt + 1));
      await waitForProgress(client, SENT);
      if (dataFirst) {
        data.end();
        client.socket.end();
      } else {
        client.socket.end();
        data.end();
      }
      const record = await nextTransfer();
      await client.closed;
      expect({ attempt, result: record.result }).toEqual({ attempt, result: 'aborted' });
      expect((await readFile(server.storage, '/keep.bin')).toString()).toBe(ORIGINAL);
      expect(await rootNames()).toEqual(['keep.bin']);
    }
  });

  it('a control connection that closes while bytes still flow aborts the upload at once', async () => {
    const { server, nextTransfer, rootNames } = await fixture(create);
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('STOR keep.bin')).code).toBe(150);
    data.write(patternBytes(SENT, 11));
    await waitForProgress(client, SENT);
    client.socket.end();
    // The data connection stays open: the abort must not wait for its end or the data timeout.
    expect((await nextTransfer()).result).toBe('aborted');
    await new Promise<void>((resolve) => (data.destroyed ? resolve() : data.once('close', () => resolve())));
    expect((await readFile(server.storage, '/keep.bin')).toString()).toBe(ORIGINAL);
    expect(await rootNames()).toEqual(['keep.bin']);
  });

  it('QUIT sent during the upload: the file is committed, then 226 and 221 (RFC 959 §4.1.1)', async () => {
    const { server, nextTransfer } = await fixture(create);
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('STOR keep.bin')).code).toBe(150);
    const sent = patternBytes(SENT, 12);
    data.write(sent);
    await waitForProgress(client, SENT);
    client.send('QUIT');
    data.end();
    expect((await client.reply()).code).toBe(226);
    expect((await client.reply()).code).toBe(221);
    expect((await nextTransfer()).result).toBe('ok');
    expect((await readFile(server.storage, '/keep.bin')).equals(sent)).toBe(true);
  });

  it('QUIT, then the client hangs up before the data connection ends: the file is still committed', async () => {
    const { server, nextTransfer } = await fixture(create);
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('STOR keep.bin')).code).toBe(150);
    const sent = patternBytes(SENT, 13);
    data.write(sent);
    await waitForProgress(client, SENT);
    client.send('QUIT');
    client.socket.end();
    await client.closed;
    data.end();
    expect((await nextTransfer()).result).toBe('ok');
    expect((await readFile(server.storage, '/keep.bin')).equals(sent)).toBe(true);
  });
});
