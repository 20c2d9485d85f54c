import { MemoryDriver, StorageError, type StorageDriver } from '@bucketftp/storage';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../storage/backend.js';
import { Readiness } from './readiness.js';

class CountingDriver extends MemoryDriver {
  pings = 0;
  failure: Error | undefined;
  hang = false;

  override async ping(): Promise<void> {
    this.pings += 1;
    if (this.hang) await new Promise(() => undefined);
    if (this.failure) throw this.failure;
  }
}

function backend(key: string, driver: StorageDriver, username: string): Backend & { username: string } {
  return { key, description: `backend ${key}`, driver, username };
}

describe('Readiness', () => {
  it('pings a backend shared by several users once and lists every backend with its state', async () => {
    const shared = new CountingDriver();
    const own = new CountingDriver();
    const readiness = new Readiness(() => [backend('s3', shared, 'a'), backend('s3', shared, 'b'), backend('fs', own, 'c')], { cacheMs: 0, timeoutMs: 1000 });
    readiness.startListening();
    expect(await readiness.check()).toEqual({
      ready: true,
      listening: true,
      draining: false,
      backends: [
        { backend: 'backend s3', users: 2, state: 'ok' },
        { backend: 'backend fs', users: 1, state: 'ok' },
      ],
      providers: [],
    });
    expect([shared.pings, own.pings]).toEqual([1, 1]);
  });

  it('lists the auth providers and stays ready while one is down (every replica shares it)', async () => {
    const readiness = new Readiness(() => [], {
      cacheMs: 0,
      timeoutMs: 1000,
      providers: async () => [
        { provider: 'config', type: 'config', state: 'up' },
        { provider: 'hook', type: 'http', state: 'down' },
      ],
    });
    readiness.startListening();
    expect(await readiness.check()).toMatchObject({
      ready: true,
      providers: [
        { provider: 'config', type: 'config', state: 'up' },
        { provider: 'hook', type: 'http', state: 'down' },
      ],
    });
  });

  it('is not ready before the listeners are up', async () => {
    const readiness = new Readiness(() => [backend('k', new CountingDriver(), 'a')], { cacheMs: 0, timeoutMs: 1000 });
    expect(await readiness.check()).toMatchObject({ ready: false, listening: false, draining: false });
  });

  it("stays ready when one tenant's backend fails, naming it, its users and the storage error", async () => {
    const broken = new CountingDriver();
    broken.failure = new StorageError('unavailable', 'S3 bucket not reachable', { cause: new Error('ECONNREFUSED 127.0.0.1:4566') });
    const gone = new CountingDriver();
    gone.failure = new StorageError('storage-missing', 'S3 bucket does not exist');
    const readiness = new Readiness(
      () => [backend('s3', broken, 'a'), backend('s3', broken, 'b'), backend('gone', gone, 'c'), backend('fs', new CountingDriver(), 'd')],
      { cacheMs: 0, timeoutMs: 1000 },
    );
    readiness.startListening();
    expect(await readiness.check()).toEqual({
      ready: true,
      listening: true,
      draining: false,
      backends: [
        { backend: 'backend s3', users: 2, state: 'unavailable', error: 'S3 bucket not reachable' },
        { backend: 'backend gone', users: 1, state: 'missing', error: 'S3 bucket does not exist' },
        { backend: 'backend fs', users: 1, state: 'ok' },
      ],
      providers: [],
    });
  });

  it('never shows the text of an error that is not a StorageError', async () => {
    const broken = new CountingDriver();
    broken.failure = new Error('secret internals');
    const report = await new Readiness(() => [backend('x', broken, 'a')], { cacheMs: 0, timeoutMs: 1000 }).check();
    expect(report.backends).toEqual([{ backend: 'backend x', users: 1, state: 'unavailable', error: 'ping failed' }]);
  });

  it('reports each change of a backend state once, not once per check or per failed operation', async () => {
    const driver = new CountingDriver();
    const changes: string[] = [];
    const readiness = new Readiness(() => [backend('k', driver, 'a')], { cacheMs: 0, timeoutMs: 1000 }, {
      stateChanged: (health, previous) => changes.push(`${previous ?? 'new'}->${health.state}`),
    });
    await readiness.check();
    driver.failure = new StorageError('storage-missing', 'S3 bucket does not exist');
    readiness.noticeFailure('backend k', new StorageError('storage-missing', 'the bucket does not exist: /f'));
    readiness.noticeFailure('backend k', new StorageError('storage-missing', 'the bucket does not exist: /g'));
    readiness.noticeFailure('backend k', new StorageError('not-found', 'not found: /h'));
    await readiness.check();
    await readiness.check();
    driver.failure = undefined;
    await readiness.check();
    expect(changes).toEqual(['new->ok', 'ok->missing', 'missing->ok']);
  });

  it('reuses a ping result for cacheMs', async () => {
    const driver = new CountingDriver();
    const cached = new Readiness(() => [backend('k', driver, 'a')], { cacheMs: 60_000, timeoutMs: 1000 });
    await cached.check();
    await cached.check();
    expect(driver.pings).toBe(1);
    const uncached = new Readiness(() => [backend('k', driver, 'a')], { cacheMs: 0, timeoutMs: 1000 });
    await uncached.check();
    await uncached.check();
    expect(driver.pings).toBe(3);
  });

  it('gives up on a backend that does not answer within pingTimeoutMs', async () => {
    const stuck = new CountingDriver();
    stuck.hang = true;
    const report = await new Readiness(() => [backend('slow', stuck, 'a')], { cacheMs: 0, timeoutMs: 20 }).check();
    expect(report.backends).toEqual([{ backend: 'backend slow', users: 1, state: 'unavailable', error: 'no answer within 20 ms' }]);
  });

  it('is unready while draining, without pinging anything', async () => {
    const driver = new CountingDriver();
    const readiness = new Readiness(() => [backend('k', driver, 'a')], { cacheMs: 0, timeoutMs: 1000 });
    readiness.startListening();
    readiness.startDraining();
    expect(await readiness.check()).toEqual({ ready: false, listening: true, draining: true, backends: [], providers: [] });
    expect(driver.pings).toBe(0);
  });
});
