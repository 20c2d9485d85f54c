import { silentLogger } from '@bucketftp/server';
import { MemoryDriver, StorageError } from '@bucketftp/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { startOpsServer, type OpsServer } from './http-server.js';
import { AppMetrics } from './metrics.js';
import { Readiness } from './readiness.js';

class Switchable extends MemoryDriver {
  down = false;
  override async ping(): Promise<void> {
    if (this.down) throw new StorageError('unavailable', 'the storage root cannot be reached');
  }
}

describe('operations endpoints', () => {
  let ops: OpsServer | undefined;
  afterEach(async () => {
    await ops?.close();
    ops = undefined;
  });

  async function start() {
    const driver = new Switchable();
    const readiness = new Readiness(() => [{ key: 'fs', description: 'fs folder /srv', driver, username: 'a' }], { cacheMs: 0, timeoutMs: 1000 });
    const metrics = new AppMetrics({ sessionsOpen: () => 3, passivePortsInUse: () => 2, users: () => 1, draining: () => readiness.draining });
    ops = await startOpsServer({ host: '127.0.0.1', port: 0, readiness, registry: metrics.registry, log: silentLogger });
    const url = (path: string) => `http://127.0.0.1:${ops!.address.port}${path}`;
    return { driver, readiness, metrics, url };
  }

  it('answers /healthz while the process runs', async () => {
    const { url } = await start();
    const response = await fetch(url('/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200, then 503 naming the backend when it fails, and 503 while draining', async () => {
    const { url, driver, readiness } = await start();
    let response = await fetch(url('/readyz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', ready: true });
    driver.down = true;
    response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unready',
      ready: false,
      draining: false,
      backends: 1,
      failed: [{ backend: 'fs folder /srv', users: 1, error: 'the storage root cannot be reached' }],
    });
    driver.down = false;
    readiness.startDraining();
    response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'draining', draining: true });
  });

  it('serves /metrics in the Prometheus text format, live gauges and process metrics included', async () => {
    const { url, metrics } = await start();
    metrics.transferBytes.inc({ direction: 'upload', kind: 'file' }, 1234);
    const response = await fetch(url('/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^bucketftp_sessions_open 3$/m);
    expect(text).toMatch(/^bucketftp_passive_ports_in_use 2$/m);
    expect(text).toMatch(/^bucketftp_transfer_bytes_total\{direction="upload",kind="file"\} 1234$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const { url } = await start();
    expect((await fetch(url('/nope'))).status).toBe(404);
    const post = await fetch(url('/healthz'), { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
