import { silentLogger } from '@bucketftp/server';
import { MemoryDriver } from '@bucketftp/storage';
import { describe, expect, it } from 'vitest';
import { StorageRetirement } from './retirement.js';
import type { UserStorage } from './user-storage.js';

function storage(closed: string[], name: string): UserStorage {
  return { driver: Object.assign(new MemoryDriver(), { close: async () => void closed.push(name) }), backends: [] };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StorageRetirement', () => {
  it('closes a retired storage at once when no session is open', async () => {
    const closed: string[] = [];
    new StorageRetirement(silentLogger).retire([storage(closed, 'a')]);
    await settle();
    expect(closed).toEqual(['a']);
  });

  it('waits for every session open at retirement, not for later ones', async () => {
    const closed: string[] = [];
    const retirement = new StorageRetirement(silentLogger);
    retirement.sessionOpened('s1');
    retirement.sessionOpened('s2');
    retirement.retire([storage(closed, 'old')]);
    retirement.sessionOpened('s3');
    retirement.sessionClosed('s1');
    await settle();
    expect(closed).toEqual([]);
    retirement.sessionClosed('s2');
    await settle();
    expect(closed).toEqual(['old']);
  });

  it('closes whatever still waits when the server stops', async () => {
    const closed: string[] = [];
    const retirement = new StorageRetirement(silentLogger);
    retirement.sessionOpened('s1');
    retirement.retire([storage(closed, 'x'), storage(closed, 'y')]);
    await retirement.closeAll();
    expect(closed).toEqual(['x', 'y']);
  });
});
