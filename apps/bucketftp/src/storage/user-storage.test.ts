import { MemoryDriver, MountDriver, type StorageDriver } from '@bucketftp/storage';
import { describe, expect, it } from 'vitest';
import type { StorageConfig, UserConfig } from '../config/schema.js';
import { buildUserStorage } from './user-storage.js';

const base = {
  username: 'alice',
  passwordHash: 'x',
  permissions: ['list' as const],
  readOnly: false,
  allowFxp: false,
  requireTls: false,
  partialUploads: 'discard' as const,
  demo: false,
};

describe('buildUserStorage', () => {
  it('uses the one driver of a storage user as is', async () => {
    const memory = new MemoryDriver();
    const built = await buildUserStorage({ ...base, storage: { driver: 'fs', root: '/srv/a' } }, async () => memory);
    expect(built.driver).toBe(memory);
    expect(built.backends).toEqual([{ key: 'fs /srv/a', description: 'fs folder /srv/a', driver: memory }]);
  });

  it('mounts one driver per mount, read-only flags included', async () => {
    const user: UserConfig = {
      ...base,
      mounts: [
        { path: '/', storage: { driver: 'fs', root: '/srv/ro' }, readOnly: true },
        { path: '/inbox', storage: { driver: 's3', bucket: 'in-bucket', prefix: 'alice', region: 'us-east-1', forcePathStyle: false }, readOnly: false },
      ],
    };
    const built = await buildUserStorage(user, async () => new MemoryDriver());
    expect(built.driver).toBeInstanceOf(MountDriver);
    expect((built.driver as MountDriver).mounts.map(({ path, readOnly }) => ({ path, readOnly }))).toEqual([
      { path: '/inbox', readOnly: false },
      { path: '/', readOnly: true },
    ]);
    expect(built.backends.map((backend) => backend.description)).toEqual(['fs folder /srv/ro', 's3 bucket "in-bucket" in us-east-1']);
    await expect(built.driver.write('/x', (async function* () {})())).rejects.toMatchObject({ kind: 'permission' });
  });

  it('closes the drivers it made when a later mount fails', async () => {
    const closed: string[] = [];
    const create = async (config: StorageConfig): Promise<StorageDriver> => {
      if (config.driver === 'gcs') throw new Error('no credentials');
      return Object.assign(new MemoryDriver(), { close: async () => void closed.push(config.driver) });
    };
    const user: UserConfig = {
      ...base,
      mounts: [
        { path: '/a', storage: { driver: 'fs', root: '/srv/a' }, readOnly: false },
        { path: '/b', storage: { driver: 'gcs', bucket: 'bbb', prefix: '' }, readOnly: false },
      ],
    };
    await expect(buildUserStorage(user, create)).rejects.toThrow('no credentials');
    expect(closed).toEqual(['fs']);
  });
});
