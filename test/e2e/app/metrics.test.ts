/**
 * The operations endpoints of the real process: /healthz, /readyz, and /metrics counting a real
 * upload and download (sessions, logins, commands, bytes, durations, storage latency), plus the
 * xferlog line each file transfer writes.
 */
import { join } from 'node:path';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, sha256File, writePatternFile } from '../support/files.js';
import { baseConfig, freePorts, httpGet, sample, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

const SIZE = 1_234_567;

describe('operations endpoints of the running server', () => {
  let dir: string;
  let ports: Ports;
  let app: RunningApp;

  beforeAll(async () => {
    dir = await makeTempDir('app-metrics');
    ports = await freePorts();
    await writeJson(join(dir, 'config.yaml'), {
      ...baseConfig(ports),
      users: [{ username: 'meter', passwordHash: await testHash('meter-pw'), storage: { driver: 'fs', root: './home' } }],
    });
    await writePatternFile(join(dir, 'upload.bin'), SIZE, 'metrics');
    app = await startApp(join(dir, 'config.yaml'));
  });
  afterAll(async () => {
    expect(await app?.stop()).toBe(0);
    await removeDir(dir);
  });

  it('answers /healthz and /readyz', async () => {
    const health = await httpGet(ports.http, '/healthz');
    expect(health.status).toBe(200);
    const ready = await httpGet(ports.http, '/readyz');
    expect(ready.status, ready.text).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      ready: true,
      listening: true,
      draining: false,
      backends: [{ backend: expect.stringContaining('fs folder '), users: 1, state: 'ok' }],
      providers: [{ provider: 'config', type: 'config', state: 'up' }],
    });
  });

  it('counts a transfer and its bytes in /metrics, and logs it as an xferlog line', async () => {
    const client = new Client(20_000);
    try {
      await client.access({ host: '127.0.0.1', port: ports.ftp, user: 'meter', password: 'meter-pw' });
      await client.uploadFrom(join(dir, 'upload.bin'), 'upload.bin');
      await client.downloadTo(join(dir, 'download.bin'), 'upload.bin');
      await expect(client.access({ host: '127.0.0.1', port: ports.ftp, user: 'meter', password: 'wrong' })).rejects.toMatchObject({ code: 530 });
    } finally {
      client.close();
    }
    expect(await sha256File(join(dir, 'download.bin'))).toBe(await sha256File(join(dir, 'upload.bin')));

    const metrics = (await httpGet(ports.http, '/metrics')).text;
    expect(sample(metrics, 'bucketftp_transfer_bytes_total{direction="upload",kind="file"}')).toBe(SIZE);
    expect(sample(metrics, 'bucketftp_transfer_bytes_total{direction="download",kind="file"}')).toBe(SIZE);
    expect(sample(metrics, 'bucketftp_transfers_total{direction="upload",kind="file",result="ok"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_transfers_total{direction="download",kind="file",result="ok"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_transfer_duration_seconds_count{direction="upload"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_logins_total{provider="config",result="ok"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_logins_total{provider="config",result="failed"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_commands_total{verb="STOR",class="1xx"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_commands_total{verb="PASS",class="5xx"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_sessions_total')).toBeGreaterThanOrEqual(2);
    expect(sample(metrics, 'bucketftp_storage_operation_duration_seconds_count{driver="fs",operation="write",outcome="ok"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_storage_operation_duration_seconds_count{driver="fs",operation="read",outcome="ok"}')).toBe(1);
    expect(sample(metrics, 'bucketftp_users')).toBe(1);
    expect(sample(metrics, 'bucketftp_draining')).toBe(0);
    // Per-user series are an opt-in (metrics.perUser).
    expect(metrics).not.toContain('bucketftp_user_');
    expect(metrics).toMatch(/^nodejs_heap_size_used_bytes \d+/m);

    const xferlog = app.logs().filter((line) => line.msg === 'xferlog');
    expect(xferlog).toEqual([
      expect.objectContaining({ level: 30, user: 'meter', cmd: 'STOR', path: '/upload.bin', direction: 'upload', bytes: SIZE, result: 'ok', durationMs: expect.any(Number) }),
      expect.objectContaining({ level: 30, user: 'meter', cmd: 'RETR', path: '/upload.bin', direction: 'download', bytes: SIZE, result: 'ok' }),
    ]);
  });
});
