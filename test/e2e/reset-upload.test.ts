/**
 * A data connection reset (RST) in the middle of an upload: the transfer ends with 426, the file
 * that was there before is exactly as it was (policy `discard`), no temporary file stays behind,
 * and the session keeps serving.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlClient } from '@bucketftp/server/testing';
import { describeTree, fileSize, patternStream, sha256File, writePatternFile } from './support/files.js';
import { startTestServer, type TestServer } from './support/server.js';

const EXISTING_SIZE = 1024 * 1024 + 3;
const SENT_BEFORE_RESET = 512 * 1024;

describe('data connection reset during an upload', () => {
  let server: TestServer;
  let control: ControlClient;
  let before: string[];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    await writePatternFile(join(server.root, 'existing.bin'), EXISTING_SIZE, 'reset-existing');
    before = await describeTree(server.root);
    expect(before).toEqual([`existing.bin ${await sha256File(join(server.root, 'existing.bin'))}`]);
    control = await ControlClient.connect({ host: server.host, port: server.port, greeting: true });
    await control.login(server.username, server.password);
    expect((await control.command('TYPE I')).code).toBe(200);
  });
  afterEach(() => control?.destroy());

  /** EPSV, the upload command, the data connection; resolves once the server answered 150. */
  async function startUpload(command: string): Promise<Socket> {
    const { port } = await control.passive('EPSV');
    control.send(command);
    const data = connect({ host: server.host, port });
    await once(data, 'connect');
    expect((await control.reply()).code).toBe(150);
    return data;
  }

  /** Polls STAT (RFC 959 §4.1.3, answered during a transfer) until the server has read `bytes`. */
  async function waitUntilServerRead(bytes: number): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const status = await control.command('STAT');
      const progress = status.lines.map((line) => /: (\d+) bytes so far/.exec(line)?.[1]).find((value) => value !== undefined);
      if (Number(progress) >= bytes) return;
      await sleep(10);
    }
    throw new Error(`the server never reported ${bytes} bytes read`);
  }

  it.each([
    { name: 'STOR over an existing file', setup: [], command: 'STOR existing.bin' },
    { name: 'REST + STOR (resume)', setup: ['REST 1000'], command: 'STOR existing.bin' },
    { name: 'APPE', setup: [], command: 'APPE existing.bin' },
    { name: 'STOR of a new file', setup: [], command: 'STOR fresh.bin' },
  ])('$name: 426 and the folder exactly as before', async ({ setup, command }) => {
    for (const line of setup) expect((await control.command(line)).code).toBe(350);
    const data = await startUpload(command);
    await sendBytes(data, SENT_BEFORE_RESET, command);
    await waitUntilServerRead(SENT_BEFORE_RESET);
    data.resetAndDestroy();

    expect((await control.reply()).code).toBe(426);
    expect(await describeTree(server.root)).toEqual(before);
    expect((await control.command('NOOP')).code).toBe(200);
  });

  it('a reset that arrives while the server still holds unread bytes is a failed upload too (426, file intact)', async () => {
    // 1 MiB written in one go, then the RST: the server's receive queue still holds bytes when the
    // reset arrives. Whether the server notices first is a race, so the scenario is repeated.
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const data = await startUpload('STOR existing.bin');
      data.write(Buffer.alloc(1024 * 1024, 0x55));
      data.resetAndDestroy();
      const { code } = await control.reply();
      const intact = (await describeTree(server.root)).join('\n') === before.join('\n');
      if (intact) {
        outcomes.push(`${code} intact`);
        continue;
      }
      outcomes.push(`${code} changed to ${await fileSize(join(server.root, 'existing.bin'))} bytes`);
      await writePatternFile(join(server.root, 'existing.bin'), EXISTING_SIZE, 'reset-existing');
    }
    expect(outcomes).toEqual(Array.from({ length: 10 }, () => '426 intact'));
  });

  it('the session then uploads the same path normally', async () => {
    const reset = await startUpload('STOR existing.bin');
    await sendBytes(reset, 100_000, 'reset-first');
    await waitUntilServerRead(100_000);
    reset.resetAndDestroy();
    expect((await control.reply()).code).toBe(426);

    const data = await startUpload('STOR existing.bin');
    await sendBytes(data, 700_000, 'reset-replacement');
    data.end();
    expect((await control.reply()).code).toBe(226);
    const hash = createHash('sha256');
    for await (const chunk of patternStream(700_000, 'reset-replacement')) hash.update(chunk as Buffer);
    expect(await describeTree(server.root)).toEqual([`existing.bin ${hash.digest('hex')}`]);
  });
});

/** Writes `size` deterministic bytes and waits until the kernel accepted them. */
async function sendBytes(socket: Socket, size: number, seed: string): Promise<void> {
  for await (const chunk of patternStream(size, seed)) {
    if (!socket.write(chunk as Buffer)) await once(socket, 'drain');
  }
  await new Promise<void>((resolve, reject) => socket.write('', (error) => (error ? reject(error) : resolve())));
}
