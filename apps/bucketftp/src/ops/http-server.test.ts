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

  it('answers /readyz 200 once listening, stays 200 listing a failed backend, and 503 while draining', async () => {
    const { url, driver, readiness } = await start();
    let response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'starting', ready: false, listening: false });
    readiness.startListening();
    response = await fetch(url('/readyz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', ready: true, backends: [{ backend: 'fs folder /srv', users: 1, state: 'ok' }] });
    driver.down = true;
    response = await fetch(url('/readyz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      ready: true,
      listening: true,
      draining: false,
      backends: [{ backend: 'fs folder /srv', users: 1, state: 'unavailable', error: 'the storage root cannot be reached' }],
      providers: [],
    });
    driver.down = false;
    readiness.startDraining();
    response = await fetch(url('/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'draining', draining: true });
  });

  it('exports a gauge per storage backend, refreshed on every scrape', async () => {
    const driver = new Switchable();
    const readiness = new Readiness(() => [{ key: 'fs', description: 'fs folder /srv', driver, username: 'a' }], { cacheMs: 0, timeoutMs: 1000 }, {
      stateChanged: (health) => metrics.storageBackendUp.set({ backend: health.backend }, health.state === 'ok' ? 1 : 0),
    });
    const metrics = new AppMetrics({ sessionsOpen: () => 0, passivePortsInUse: () => 0, users: () => 1, draining: () => false, checkBackends: () => readiness.check() });
    ops = await startOpsServer({ host: '127.0.0.1', port: 0, readiness, registry: metrics.registry, log: silentLogger });
    const scrape = async () => await (await fetch(`http://127.0.0.1:${ops!.address.port}/metrics`)).text();
    expect(await scrape()).toMatch(/^bucketftp_storage_backend_up\{backend="fs folder \/srv"\} 1$/m);
    driver.down = true;
    expect(await scrape()).toMatch(/^bucketftp_storage_backend_up\{backend="fs folder \/srv"\} 0$/m);
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
