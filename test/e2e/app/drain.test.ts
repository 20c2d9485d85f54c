/**
 * SIGTERM during a transfer, on the real process: /readyz reports draining at once, no new session
 * starts, a transfer that ends within server.shutdownGraceMs completes (226), one that does not is
 * aborted (426) without replacing the file (partial uploads: discard), every session is closed with
 * 421, and the process exits 0.
 */
import { once } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlClient, type FtpReply } from '@bucketftp/server/testing';
import { makeTempDir, removeDir } from '../support/files.js';
import { baseConfig, eventually, freePorts, httpGet, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

const OLD = Buffer.alloc(100_000, 'o');
/**
 * The grace period of the run whose transfer must be cut off: /readyz has to be seen draining within
 * it. That takes ~0.1–0.4 s on an idle 2-core machine (SIGTERM delivery, one poll); 4 s is ten times
 * that, for a machine at load 6.
 */
const SHORT_GRACE_MS = 4_000;
const NEW = Buffer.alloc(400_000, 'n');

describe('SIGTERM drains the server', () => {
  let dir: string;
  let ports: Ports;
  let app: RunningApp | undefined;
  let control: ControlClient | undefined;
  let data: Socket | undefined;

  beforeEach(async () => {
    dir = await makeTempDir('app-drain');
    ports = await freePorts();
  });
  afterEach(async () => {
    data?.destroy();
    control?.destroy();
    await app?.stop();
    app = undefined;
    await removeDir(dir);
  });

  /** Starts the server and begins uploading `target.bin` (which holds OLD): half of NEW is sent. */
  async function uploadHalfway(shutdownGraceMs: number): Promise<void> {
    await writeJson(join(dir, 'config.yaml'), {
      ...baseConfig(ports, { server: { shutdownGraceMs } }),
      users: [{ username: 'drain', passwordHash: await testHash('drain-pw'), storage: { driver: 'fs', root: './home' } }],
    });
    app = await startApp(join(dir, 'config.yaml'));
    await writeFile(join(dir, 'home', 'target.bin'), OLD);
    control = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true });
    await control.login('drain', 'drain-pw');
    expect((await control.command('TYPE I')).code).toBe(200);
    const { port } = await control.passive('EPSV');
    data = connect({ host: '127.0.0.1', port });
    data.on('error', () => undefined);
    await once(data, 'connect');
    expect((await control.command('STOR target.bin')).code).toBe(150);
    await new Promise<void>((resolve) => data!.write(NEW.subarray(0, NEW.length / 2), () => resolve()));
  }

  async function expectDraining(): Promise<void> {
    const ready = await eventually(async () => {
      const answer = await httpGet(ports.http, '/readyz');
      return answer.status === 503 ? answer : undefined;
    }, '/readyz to report draining');
    expect(ready.json()).toMatchObject({ status: 'draining', ready: false, draining: true });
    // No new session: the listener is closed (or, racing it, the connection is answered 421).
    const late = await ControlClient.connect({ host: '127.0.0.1', port: ports.ftp, greeting: true }).then(
      (client) => {
        client.destroy();
        return 'greeted';
      },
      (error: Error) => error.message,
    );
    expect(late).toMatch(/ECONNREFUSED|unexpected greeting 421|control connection closed/);
  }

  it('lets a transfer that ends within the grace period finish, then closes the session with 421 and exits 0', async () => {
    await uploadHalfway(10_000);
    app!.signal('SIGTERM');
    await expectDraining();
    data!.end(NEW.subarray(NEW.length / 2));
    expect((await control!.reply()).code).toBe(226);
    const farewell: FtpReply = await control!.reply();
    expect(farewell.code).toBe(421);
    expect(await app!.exited()).toBe(0);
    expect((await readFile(join(dir, 'home', 'target.bin'))).equals(NEW)).toBe(true);
    expect(app!.logs().map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });

  it('aborts a transfer still running when the grace period ends, keeping the previous file, and exits 0', async () => {
    await uploadHalfway(SHORT_GRACE_MS);
    app!.signal('SIGTERM');
    await expectDraining();
    // The client stalls: the grace period runs out.
    const aborted = await control!.reply(SHORT_GRACE_MS + 15_000);
    expect(aborted.code).toBe(426);
    expect((await control!.reply()).code).toBe(421);
    expect(await app!.exited()).toBe(0);
    expect((await readFile(join(dir, 'home', 'target.bin'))).equals(OLD)).toBe(true);
    expect(await readdir(join(dir, 'home'))).toEqual(['target.bin']);
    expect(app!.logs()).toContainEqual(expect.objectContaining({ msg: 'xferlog', cmd: 'STOR', result: 'aborted' }));
  });
});
