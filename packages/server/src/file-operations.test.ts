import { afterEach, describe, expect, it } from 'vitest';
import { download, openPassive, secureLogin, upload, type ControlClient } from '@bucketftp/server/testing';
import { sharedTestCertificate } from './testing/certificates.js';
import type { FileOperationEvent, ServerObserver } from './observer.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function waitForProgress(control: ControlClient, bytes: number): Promise<void> {
  for (;;) {
    const status = await control.command('STAT');
    const match = /: (\d+) bytes so far/.exec(status.lines.join('\n'));
    if (match && Number(match[1]) >= bytes) return;
  }
}

function recorder(): { observer: ServerObserver; operations: FileOperationEvent[]; logins: { user: string; ok: boolean; tls: boolean }[] } {
  const operations: FileOperationEvent[] = [];
  const logins: { user: string; ok: boolean; tls: boolean }[] = [];
  return {
    operations,
    logins,
    observer: {
      fileOperation: (event) => operations.push(event),
      login: ({ user, ok, tls }) => logins.push({ user, ok, tls }),
    },
  };
}

describe('fileOperation', () => {
  it('reports each fact once, after it happened, with the session, the client and where the bytes live', async () => {
    const { observer, operations, logins } = recorder();
    running = await startTestServer({ observer });
    const client = await running.login();
    await client.command('TYPE I');
    expect((await client.command('MKD /in')).code).toBe(257);
    await upload(client, 'STOR /in/a.bin', Buffer.alloc(1000, 1));
    await upload(client, 'APPE /in/a.bin', Buffer.alloc(500, 2));
    expect((await client.command('REST 200')).code).toBe(350);
    await upload(client, 'STOR /in/a.bin', Buffer.alloc(100, 3));
    expect((await download(client, 'RETR /in/a.bin')).length).toBe(300);
    expect((await client.command('RNFR /in/a.bin')).code).toBe(350);
    expect((await client.command('RNTO /in/b.bin')).code).toBe(250);
    expect((await client.command('DELE /in/b.bin')).code).toBe(250);
    expect((await client.command('RMD /in')).code).toBe(250);
    expect((await client.command('DELE /in/missing')).code).toBe(550);

    expect(logins).toEqual([{ user: 'alice', ok: true, tls: false }]);
    expect(operations.map(({ operation, command, path, fromPath, size }) => ({ operation, command, path, fromPath, size }))).toEqual([
      { operation: 'mkdir', command: 'MKD', path: '/in', fromPath: undefined, size: undefined },
      { operation: 'upload', command: 'STOR', path: '/in/a.bin', fromPath: undefined, size: 1000 },
      { operation: 'upload', command: 'APPE', path: '/in/a.bin', fromPath: undefined, size: 1500 },
      { operation: 'upload', command: 'STOR', path: '/in/a.bin', fromPath: undefined, size: 300 },
      { operation: 'download', command: 'RETR', path: '/in/a.bin', fromPath: undefined, size: 300 },
      { operation: 'rename', command: 'RNTO', path: '/in/b.bin', fromPath: '/in/a.bin', size: undefined },
      { operation: 'delete', command: 'DELE', path: '/in/b.bin', fromPath: undefined, size: undefined },
      { operation: 'rmdir', command: 'RMD', path: '/in', fromPath: undefined, size: undefined },
    ]);
    for (const operation of operations) {
      expect(operation).toMatchObject({ user: 'alice', remoteAddress: '127.0.0.1', tls: false });
      expect(operation.sid).toBe(operations[0]!.sid);
      expect(operation.durationMs).toBeGreaterThanOrEqual(0);
      expect(operation.location).toEqual({ driver: 'memory', key: operation.path, url: `memory://${operation.path}` });
    }
    expect(operations[5]!.fromLocation).toEqual({ driver: 'memory', key: '/in/a.bin', url: 'memory:///in/a.bin' });
    expect(operations[1]!.write).toEqual({ size: 1000 });
  });

  it('reports no upload when the data connection is reset before the commit, and a failed login as such', async () => {
    const { observer, operations, logins } = recorder();
    running = await startTestServer({ observer });
    const stranger = await running.connect();
    await stranger.command('USER mallory');
    expect((await stranger.command('PASS nope')).code).toBe(530);
    const client = await running.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('STOR reset.bin')).code).toBe(150);
    data.write(Buffer.alloc(50_000, 9));
    await waitForProgress(client, 50_000);
    data.resetAndDestroy();
    expect((await client.reply()).code).toBe(426);
    expect((await client.command('NOOP')).code).toBe(200);
    expect(operations).toEqual([]);
    expect(logins).toEqual([
      { user: 'mallory', ok: false, tls: false },
      { user: 'alice', ok: true, tls: false },
    ]);
  });

  it('says whether the control connection was protected by TLS', async () => {
    const { observer, operations, logins } = recorder();
    const certificate = await sharedTestCertificate();
    running = await startTestServer({ observer, tls: { cert: certificate.cert, key: certificate.key } });
    const client = await running.connect();
    await secureLogin(client);
    expect((await client.command('MKD /secure')).code).toBe(257);
    expect(logins).toEqual([{ user: 'alice', ok: true, tls: true }]);
    expect(operations.map(({ operation, tls }) => ({ operation, tls }))).toEqual([{ operation: 'mkdir', tls: true }]);
  });
});
