/** TCP keepalive on the server's end of control and data connections, read from the kernel with `ss`. */
import { execFile } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openPassive } from '@bucketftp/server/testing';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const run = promisify(execFile);
let running: TestServer | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/**
 * The keepalive timer of the server's end (local port `serverPort`) of the connection from
 * `clientPort`: its seconds, or undefined when keepalive is off. While unacknowledged bytes are in
 * flight `ss` shows the retransmission timer instead, so that is waited out (generously).
 */
async function keepAliveTimer(serverPort: number, clientPort: number): Promise<{ seconds: number } | undefined> {
  for (let attempt = 0; ; attempt++) {
    const { stdout } = await run('ss', ['-tnoH', 'state', 'established', `( sport = :${serverPort} and dport = :${clientPort} )`]);
    const line = stdout.split('\n').find((entry) => entry.includes(`:${serverPort}`) && entry.includes(`:${clientPort}`));
    if (!line) throw new Error(`no connection ${serverPort} <- ${clientPort} in ss output:\n${stdout}`);
    const busy = /timer:\((on|persist)/.test(line);
    if (busy && attempt < 100) {
      await delay(100);
      continue;
    }
    const match = /timer:\(keepalive,(?:(\d+)min)?(\d+)sec/.exec(line);
    return match ? { seconds: Number(match[1] ?? 0) * 60 + Number(match[2]) } : undefined;
  }
}

describe('limits.tcpKeepAliveMs', () => {
  it('turns keepalive on for the control and the data connection, with the configured idle time', async () => {
    running = await startTestServer({ limits: { tcpKeepAliveMs: 45_000 } });
    const control = await running.login();
    const data = await openPassive(control);
    data.on('error', () => undefined);
    // The data connection is accepted (and sits idle) once the transfer starts.
    expect((await control.command('STOR idle.bin')).code).toBe(150);

    const controlTimer = await keepAliveTimer(running.port, control.socket.localPort!);
    expect(controlTimer).toEqual({ seconds: expect.any(Number) });
    expect((controlTimer as { seconds: number }).seconds).toBeLessThanOrEqual(45);
    expect((controlTimer as { seconds: number }).seconds).toBeGreaterThan(30);

    const dataTimer = await keepAliveTimer(data.remotePort!, data.localPort!);
    expect(dataTimer).toEqual({ seconds: expect.any(Number) });
    expect((dataTimer as { seconds: number }).seconds).toBeLessThanOrEqual(45);
    data.end();
    expect((await control.reply()).code).toBe(226);
  });

  it('is on by default (60 s) and off with 0', async () => {
    running = await startTestServer();
    const client = await running.connect();
    const timer = await keepAliveTimer(running.port, client.socket.localPort!);
    expect(timer).toEqual({ seconds: expect.any(Number) });
    expect((timer as { seconds: number }).seconds).toBeGreaterThan(45);
    await running.stop();

    running = await startTestServer({ limits: { tcpKeepAliveMs: 0 } });
    const plain = await running.connect();
    expect(await keepAliveTimer(running.port, plain.socket.localPort!)).toBeUndefined();
  });
});
