/**
 * Backends that fail or stall in the middle of a transfer, and clients that stop reading: the
 * client gets a proper reply, nothing partial is committed under `discard`, memory stays bounded,
 * and the server goes on serving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryDriver } from '@bucketftp/storage';
import type { TransferRecord } from './observer.js';
import { download, openPassive, upload } from '@bucketftp/server/testing';
import { CountingReadDriver, FailingListDriver, FailingWriteDriver, StallingWriteDriver } from './testing/faulty-drivers.js';
import { patternBytes, putFile, putLargeFile, readFile } from './testing/files.js';
import { startTestServer, type TestServer, type TestServerOptions } from './testing/test-server.js';

let running: TestServer | undefined;
let transfers: TransferRecord[];

async function serve(storage: MemoryDriver, options: TestServerOptions = {}): Promise<TestServer> {
  transfers = [];
  running = await startTestServer({ storage, observer: { transfer: (record) => transfers.push(record) }, ...options });
  return running;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('a backend that dies during an upload', () => {
  it('answers 451 without backend text, keeps the previous file, and both this and other sessions go on', async () => {
    const storage = new FailingWriteDriver(256 * 1024);
    const server = await serve(storage);
    await putFile(storage, '/keep.bin', 'original content');
    const bystander = await server.login();
    await bystander.command('TYPE I');
    const client = await server.login();
    await client.command('TYPE I');

    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('STOR keep.bin')).code).toBe(150);
    data.write(patternBytes(1024 * 1024, 3));
    const reply = await client.reply();
    expect(reply.code).toBe(451);
    expect(reply.text).not.toContain('10.0.0.9');
    data.destroy();
    expect(storage.failures).toBe(1);
    expect((await readFile(storage, '/keep.bin')).toString()).toBe('original content');
    expect(transfers.map((record) => record.result)).toEqual(['failed']);

    // The failing session and a bystander keep working, with storage that still works for small files.
    expect((await client.command('NOOP')).code).toBe(200);
    await upload(client, 'STOR small.bin', patternBytes(1000, 4));
    expect((await download(bystander, 'RETR keep.bin')).toString()).toBe('original content');
    const fresh = await server.login();
    expect((await fresh.command('SIZE small.bin')).text).toBe('1000');
  });
});

describe('a backend that stops taking data', () => {
  it('is cut off by dataTimeoutMs: 426, nothing committed, and the session goes on', async () => {
    const storage = new StallingWriteDriver(64 * 1024);
    const server = await serve(storage, { limits: { dataTimeoutMs: 300 } });
    await putFile(storage, '/keep.bin', 'original content');
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('STOR keep.bin')).code).toBe(150);
    data.write(patternBytes(4 * 1024 * 1024, 5));
    expect((await client.reply()).code).toBe(426);
    expect((await readFile(storage, '/keep.bin')).toString()).toBe('original content');
    expect((await client.command('NOOP')).code).toBe(200);
    expect(server.server.activeTransfers()).toEqual([]);
  });
});

describe('a backend that fails during a listing', () => {
  it('answers 451 after the 150 and keeps the session', async () => {
    const storage = new FailingListDriver(2);
    const server = await serve(storage);
    for (const name of ['a', 'b', 'c', 'd']) await putFile(storage, `/${name}.txt`, name);
    const client = await server.login();
    const data = await openPassive(client);
    data.on('error', () => undefined);
    data.resume();
    expect((await client.command('NLST')).code).toBe(150);
    const reply = await client.reply();
    expect(reply.code).toBe(451);
    expect(reply.text).not.toContain('10.0.0.9');
    expect((await client.command('PWD')).code).toBe(257);
  });
});

describe('a client that stops reading during RETR', () => {
  it('is timed out by dataTimeoutMs with 426 while the server-side buffer stays bounded', async () => {
    const storage = new CountingReadDriver();
    const size = 32 * 1024 * 1024;
    const server = await serve(storage, { limits: { dataTimeoutMs: 400 } });
    await putLargeFile(storage, '/big.bin', size);
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    data.pause(); // never reads: the kernel buffers fill, then the server has to stop
    expect((await client.command('RETR big.bin')).code).toBe(150);

    let finalReply: number | undefined;
    const replied = client.reply().then((reply) => (finalReply = reply.code));
    let maxBuffered = 0;
    let samples = 0;
    while (finalReply === undefined) {
      for (const transfer of server.server.activeTransfers()) {
        maxBuffered = Math.max(maxBuffered, transfer.bufferedBytes);
        samples += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await replied;
    expect(finalReply).toBe(426);
    expect(samples).toBeGreaterThan(0);
    // One socket high-water mark plus one storage chunk at most, never the file.
    expect(maxBuffered).toBeLessThanOrEqual(256 * 1024);
    expect(storage.bytesRead).toBeLessThan(size / 2);
    expect(server.server.activeTransfers()).toEqual([]);
    expect(transfers.map((record) => record.result)).toEqual(['aborted']);
    expect((await client.command('NOOP')).code).toBe(200);
  });

  it('a stalled upload (client stops sending) is timed out too, and nothing is committed', async () => {
    const storage = new CountingReadDriver();
    const server = await serve(storage, { limits: { dataTimeoutMs: 300 } });
    await putFile(storage, '/keep.bin', 'original content');
    const client = await server.login();
    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('STOR keep.bin')).code).toBe(150);
    data.write(patternBytes(10_000, 6)); // and then nothing, without closing
    expect((await client.reply()).code).toBe(426);
    expect((await readFile(storage, '/keep.bin')).toString()).toBe('original content');
  });
});
