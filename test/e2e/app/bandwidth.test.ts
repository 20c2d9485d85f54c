/**
 * Bandwidth limits of the real process, measured with real clients: two parallel sessions of one
 * user share the user's rate (within 10%, from bytes and wall time over several seconds), uploads
 * and downloads are limited separately, the server-wide cap holds users without limits of their
 * own, and ABOR ends a transfer waiting in the limiter at once (426, then 226).
 */
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ControlClient } from '@bucketftp/server/testing';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, sha256File, writePatternFile } from '../support/files.js';
import { baseConfig, freePorts, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

const MiB = 1024 * 1024;
/** The user `capped`: downloads and uploads at different rates. */
const CAPPED_DOWNLOAD = MiB;
const CAPPED_UPLOAD = MiB / 2;
/** Every download of the replica together; `free` has no limit of its own. */
const SERVER_DOWNLOAD = 2 * MiB;
/** The user `slow`: after the first burst (16 KiB), each 16 KiB piece waits 8 s in the limiter. */
const SLOW_DOWNLOAD = 2 * 1024;

describe('bandwidth limits of the running server', () => {
  let dir: string;
  let ports: Ports;
  let app: RunningApp;

  beforeAll(async () => {
    dir = await makeTempDir('app-bandwidth');
    ports = await freePorts();
    const storage = (home: string) => ({ driver: 'fs', root: `./${home}` });
    await writeJson(join(dir, 'config.yaml'), {
      ...baseConfig(ports, { server: { limits: { loginFailureDelayMs: 0, downloadBytesPerSecond: SERVER_DOWNLOAD } } }),
      users: [
        {
          username: 'capped',
          passwordHash: await testHash('capped-pw'),
          storage: storage('capped'),
          limits: { uploadBytesPerSecond: CAPPED_UPLOAD, downloadBytesPerSecond: CAPPED_DOWNLOAD },
        },
        { username: 'free', passwordHash: await testHash('free-pw'), storage: storage('free') },
        { username: 'slow', passwordHash: await testHash('slow-pw'), storage: storage('slow'), limits: { downloadBytesPerSecond: SLOW_DOWNLOAD } },
      ],
    });
    for (const home of ['capped', 'free', 'slow']) await mkdir(join(dir, home));
    await mkdir(join(dir, 'local'));
    // Four seconds at the limit for each measurement.
    for (const name of ['a.bin', 'b.bin']) await writePatternFile(join(dir, 'capped', name), 2 * MiB, name);
    for (const name of ['a.bin', 'b.bin']) await writePatternFile(join(dir, 'free', name), 4 * MiB, name);
    for (const name of ['up-a.bin', 'up-b.bin']) await writePatternFile(join(dir, 'local', name), MiB, name);
    await writePatternFile(join(dir, 'slow', 'big.bin'), 4 * MiB, 'slow');
    app = await startApp(join(dir, 'config.yaml'));
  });
  afterAll(async () => {
    expect(await app?.stop()).toBe(0);
    await removeDir(dir);
  });

  async function sessions(user: string, count: number): Promise<Client[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const client = new Client(60_000);
        await client.access({ host: '127.0.0.1', port: ports.ftp, user, password: `${user}-pw` });
        return client;
      }),
    );
  }

  /** Runs `transfers` at once; resolves with their bytes per second together, from bytes and wall time. */
  async function rateOf(transfers: readonly (() => Promise<unknown>)[], bytes: number): Promise<number> {
    const started = performance.now();
    await Promise.all(transfers.map((transfer) => transfer()));
    return bytes / ((performance.now() - started) / 1000);
  }

  it("holds two parallel downloads of one user to the user's download rate together", async () => {
    const clients = await sessions('capped', 2);
    try {
      const rate = await rateOf(
        ['a.bin', 'b.bin'].map((name, index) => () => clients[index]!.downloadTo(join(dir, 'local', `capped-${name}`), name)),
        4 * MiB,
      );
      expect(rate).toBeGreaterThan(CAPPED_DOWNLOAD * 0.9);
      expect(rate).toBeLessThan(CAPPED_DOWNLOAD * 1.1);
    } finally {
      for (const client of clients) client.close();
    }
    expect(await sha256File(join(dir, 'local', 'capped-a.bin'))).toBe(await sha256File(join(dir, 'capped', 'a.bin')));
  });

  it("holds two parallel uploads of one user to the user's own, lower, upload rate", async () => {
    const clients = await sessions('capped', 2);
    try {
      const rate = await rateOf(
        ['up-a.bin', 'up-b.bin'].map((name, index) => () => clients[index]!.uploadFrom(join(dir, 'local', name), name)),
        2 * MiB,
      );
      expect(rate).toBeGreaterThan(CAPPED_UPLOAD * 0.9);
      expect(rate).toBeLessThan(CAPPED_UPLOAD * 1.1);
    } finally {
      for (const client of clients) client.close();
    }
    expect(await sha256File(join(dir, 'capped', 'up-b.bin'))).toBe(await sha256File(join(dir, 'local', 'up-b.bin')));
  });

  it('holds a user without limits to the server-wide download cap, and leaves uploads unlimited', async () => {
    const clients = await sessions('free', 2);
    try {
      const rate = await rateOf(
        ['a.bin', 'b.bin'].map((name, index) => () => clients[index]!.downloadTo(join(dir, 'local', `free-${name}`), name)),
        8 * MiB,
      );
      expect(rate).toBeGreaterThan(SERVER_DOWNLOAD * 0.9);
      expect(rate).toBeLessThan(SERVER_DOWNLOAD * 1.1);
      // No upload limit applies to this user: far above every configured rate.
      const upload = await rateOf([() => clients[0]!.uploadFrom(join(dir, 'local', 'free-a.bin'), 'copy.bin')], 4 * MiB);
      expect(upload).toBeGreaterThan(SERVER_DOWNLOAD * 1.5);
    } finally {
      for (const client of clients) client.close();
    }
  });

  it('answers ABOR during a limited RETR with 426 and 226 while the transfer waits in the limiter', async () => {
    const control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    try {
      await control.login('slow', 'slow-pw');
      await control.expect('TYPE I', 200);
      const { port } = await control.passive('EPSV');
      control.send('RETR big.bin');
      const data = connect({ host: '127.0.0.1', port });
      data.on('error', () => undefined);
      let received = 0;
      data.on('data', (chunk: Buffer) => (received += chunk.length));
      await once(data, 'connect');
      expect((await control.reply()).code).toBe(150);
      // The first burst passes at once; the next piece waits 8 s (16 KiB at 2 KiB/s).
      while (received < 16 * 1024) await new Promise((resolve) => setTimeout(resolve, 20));
      const aborted = performance.now();
      control.send('ABOR');
      // RFC 959 §4.1.3: the aborted transfer's 426, then ABOR's own 226.
      expect((await control.reply(10_000)).code).toBe(426);
      expect((await control.reply(10_000)).code).toBe(226);
      const answeredMs = performance.now() - aborted;
      // Generous against the load: far under the 8 s the piece would still have waited.
      expect(answeredMs).toBeLessThan(2000);
      expect(received).toBeLessThan(4 * MiB);
      // The session goes on.
      await control.expect('NOOP', 200);
    } finally {
      control.destroy();
    }
  });
});
