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
  it('pings a backend shared by several users once and reports ready', async () => {
    const shared = new CountingDriver();
    const own = new CountingDriver();
    const readiness = new Readiness(() => [backend('s3', shared, 'a'), backend('s3', shared, 'b'), backend('fs', own, 'c')], { cacheMs: 0, timeoutMs: 1000 });
    expect(await readiness.check()).toEqual({ ready: true, draining: false, backends: 2, failed: [] });
    expect([shared.pings, own.pings]).toEqual([1, 1]);
  });

  it('names the backend that failed, how many users it serves, and the storage error', async () => {
    const broken = new CountingDriver();
    broken.failure = new StorageError('unavailable', 'S3 bucket not reachable', { cause: new Error('ECONNREFUSED 127.0.0.1:4566') });
    const readiness = new Readiness(() => [backend('s3', broken, 'a'), backend('s3', broken, 'b'), backend('fs', new CountingDriver(), 'c')], { cacheMs: 0, timeoutMs: 1000 });
    expect(await readiness.check()).toEqual({
      ready: false,
      draining: false,
      backends: 2,
      failed: [{ backend: 'backend s3', users: 2, error: 'S3 bucket not reachable' }],
    });
  });

  it('never shows the text of an error that is not a StorageError', async () => {
    const broken = new CountingDriver();
    broken.failure = new Error('secret internals');
    const report = await new Readiness(() => [backend('x', broken, 'a')], { cacheMs: 0, timeoutMs: 1000 }).check();
    expect(report.failed).toEqual([{ backend: 'backend x', users: 1, error: 'ping failed' }]);
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
    expect(report.failed).toEqual([{ backend: 'backend slow', users: 1, error: 'no answer within 20 ms' }]);
  });

  it('is unready while draining, without pinging anything', async () => {
    const driver = new CountingDriver();
    const readiness = new Readiness(() => [backend('k', driver, 'a')], { cacheMs: 0, timeoutMs: 1000 });
    readiness.startDraining();
    expect(await readiness.check()).toEqual({ ready: false, draining: true, backends: 0, failed: [] });
    expect(driver.pings).toBe(0);
  });
});
