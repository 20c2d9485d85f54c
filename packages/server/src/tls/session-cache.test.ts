import { describe, expect, it } from 'vitest';
import { TlsSessionCache } from './session-cache.js';

describe('TlsSessionCache', () => {
  it('stores sessions by ID and answers resumeSession with them', async () => {
    const cache = new TlsSessionCache();
    await new Promise<void>((done) => cache.emit('newSession', Buffer.from('id-1'), Buffer.from('data-1'), done));
    const found = await new Promise<Buffer | null>((resolve) => cache.emit('resumeSession', Buffer.from('id-1'), (_: Error | null, data: Buffer | null) => resolve(data)));
    expect(found?.toString()).toBe('data-1');
    const missing = await new Promise<Buffer | null>((resolve) => cache.emit('resumeSession', Buffer.from('id-2'), (_: Error | null, data: Buffer | null) => resolve(data)));
    expect(missing).toBeNull();
  });

  it('keeps at most maxEntries, dropping the oldest, and forgets expired sessions', () => {
    let now = 0;
    const cache = new TlsSessionCache(2, 1000, () => now);
    cache.store(Buffer.from('a'), Buffer.from('A'));
    cache.store(Buffer.from('b'), Buffer.from('B'));
    cache.store(Buffer.from('c'), Buffer.from('C'));
    expect(cache.size).toBe(2);
    expect(cache.lookup(Buffer.from('a'))).toBeUndefined();
    expect(cache.lookup(Buffer.from('c'))?.toString()).toBe('C');
    now = 1000;
    expect(cache.lookup(Buffer.from('c'))).toBeUndefined();
  });
});
