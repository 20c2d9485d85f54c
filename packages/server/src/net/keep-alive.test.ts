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
    const match = /timer:\(keepalive,([^,)]+)/.exec(line);
    return match ? { seconds: timerSeconds(match[1]!) } : undefined;
  }
}

/**
 * Seconds of an `ss` timer, as iproute2 prints them: `1min` (a minute or more: seconds dropped from
 * ten minutes, milliseconds always), `1min5sec`, `59sec` (ten seconds or more), `5.123ms`, `850ms`.
 */
function timerSeconds(text: string): number {
  const minutes = Number(/(\d+)min/.exec(text)?.[1] ?? 0);
  const fraction = /(\d+)\.(\d+)ms/.exec(text);
  if (fraction) return minutes * 60 + Number(fraction[1]) + Number(fraction[2]) / 1000;
  const seconds = Number(/(\d+)sec/.exec(text)?.[1] ?? 0);
  const milliseconds = Number(/(?:^|min)(\d+)ms/.exec(text)?.[1] ?? 0);
  return minutes * 60 + seconds + milliseconds / 1000;
}

describe('timerSeconds', () => {
  it('reads every form ss prints', () => {
    expect(timerSeconds('1min')).toBe(60);
    expect(timerSeconds('1min5sec')).toBe(65);
    expect(timerSeconds('59sec')).toBe(59);
    expect(timerSeconds('5.123ms')).toBeCloseTo(5.123);
    expect(timerSeconds('850ms')).toBe(0.85);
  });
});

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
