import { Writable } from 'node:stream';
import { silentLogger, type TransferRecord } from '@bucketftp/server';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { StorageRetirement } from '../storage/retirement.js';
import { AppMetrics } from './metrics.js';
import { createObserver } from './observer.js';

function setup() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const metrics = new AppMetrics({ sessionsOpen: () => 0, passivePortsInUse: () => 0, users: () => 0, draining: () => false });
  const observer = createObserver({ metrics, log, retirement: new StorageRetirement(silentLogger) });
  return { lines, metrics, observer };
}

const upload: TransferRecord = {
  sid: 's1',
  user: 'alice',
  command: 'STOR',
  path: '/in/a.bin',
  direction: 'upload',
  kind: 'file',
  bytes: 4096,
  durationMs: 250,
  result: 'ok',
};

async function value(metrics: AppMetrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  const values = (await metric?.get())?.values ?? [];
  return values.find((entry) => Object.entries(labels).every(([key, wanted]) => entry.labels[key] === wanted))?.value;
}

describe('the app observer', () => {
  it('counts passive port waits by outcome', async () => {
    const { observer, metrics } = setup();
    observer.passivePortWait?.({ outcome: 'ok', waitedMs: 12 });
    observer.passivePortWait?.({ outcome: 'timeout', waitedMs: 5000 });
    observer.passivePortWait?.({ outcome: 'timeout', waitedMs: 5000 });
    expect(await value(metrics, 'bucketftp_passive_port_waits_total', { outcome: 'ok' })).toBe(1);
    expect(await value(metrics, 'bucketftp_passive_port_waits_total', { outcome: 'timeout' })).toBe(2);
  });

  it('counts sessions and commands by verb and reply class', async () => {
    const { observer, metrics } = setup();
    observer.sessionOpened?.({ sid: 's1', remoteAddress: '127.0.0.1' });
    observer.login?.({ sid: 's1', user: 'alice', remoteAddress: '127.0.0.1', ok: true, tls: false });
    observer.login?.({ sid: 's1', user: 'mallory', remoteAddress: '127.0.0.1', ok: false, tls: false });
    observer.command?.({ verb: 'RETR', code: 150 });
    observer.command?.({ verb: 'RETR', code: 550 });
    observer.command?.({ verb: 'unknown', code: 500 });
    expect(await value(metrics, 'bucketftp_sessions_total')).toBe(1);
    // Logins are counted by the provider chain, which knows the provider.
    expect(await value(metrics, 'bucketftp_logins_total', { result: 'ok' })).toBeUndefined();
    expect(await value(metrics, 'bucketftp_commands_total', { verb: 'RETR', class: '1xx' })).toBe(1);
    expect(await value(metrics, 'bucketftp_commands_total', { verb: 'RETR', class: '5xx' })).toBe(1);
    expect(await value(metrics, 'bucketftp_commands_total', { verb: 'unknown', class: '5xx' })).toBe(1);
  });

  it('counts a transfer, its bytes and its duration, and writes one xferlog line for a file', async () => {
    const { observer, metrics, lines } = setup();
    observer.transfer?.(upload);
    observer.transfer?.({ ...upload, command: 'LIST', kind: 'listing', direction: 'download', bytes: 100, path: '/' });
    observer.transfer?.({ ...upload, result: 'aborted', bytes: 10 });
    expect(await value(metrics, 'bucketftp_transfer_bytes_total', { direction: 'upload', kind: 'file' })).toBe(4106);
    expect(await value(metrics, 'bucketftp_transfer_bytes_total', { direction: 'download', kind: 'listing' })).toBe(100);
    expect(await value(metrics, 'bucketftp_transfers_total', { direction: 'upload', kind: 'file', result: 'aborted' })).toBe(1);
    const durations = (await metrics.transferDuration.get()).values.filter((entry) => entry.metricName === 'bucketftp_transfer_duration_seconds_count');
    expect(durations).toEqual([expect.objectContaining({ labels: { direction: 'upload' }, value: 1 })]);
    expect(await value(metrics, 'bucketftp_errors_total', { source: 'transfer', kind: 'aborted' })).toBe(1);
    const xfer = lines.filter((line) => line.msg === 'xferlog');
    expect(xfer).toHaveLength(2);
    expect(xfer[0]).toMatchObject({
      level: 30,
      log: 'xferlog',
      sid: 's1',
      user: 'alice',
      cmd: 'STOR',
      path: '/in/a.bin',
      direction: 'upload',
      bytes: 4096,
      durationMs: 250,
      result: 'ok',
    });
    expect(xfer[1]).toMatchObject({ result: 'aborted', bytes: 10 });
  });

  it('counts bans through the hook the engine will call', async () => {
    const { observer, metrics, lines } = setup();
    observer.banned?.({ remoteAddress: '192.0.2.1', reason: 'login-failures' });
    expect(await value(metrics, 'bucketftp_bans_total', { reason: 'login-failures' })).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'client banned', remote: '192.0.2.1' }));
  });
});
