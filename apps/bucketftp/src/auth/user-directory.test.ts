import { MemoryDriver } from '@bucketftp/storage';
import { describe, expect, it } from 'vitest';
import type { UserConfig } from '../config/schema.js';
import type { UserStorage } from '../storage/user-storage.js';
import { UserDirectory } from './user-directory.js';
import { HASH } from '../config/config.fixture.js';

function user(username: string, extra: Partial<UserConfig> = {}): UserConfig {
  return {
    username,
    passwordHash: HASH,
    storage: { driver: 'fs', root: `/srv/${username}` },
    permissions: ['list', 'read', 'write', 'delete', 'rename', 'mkdir'],
    readOnly: false,
    allowFxp: false,
    requireTls: false,
    partialUploads: 'discard',
    demo: false,
    ...extra,
  };
}

/** Builds memory storages and remembers which ones were closed. */
function directory(failFor?: string) {
  const closed: UserStorage[] = [];
  const built: UserStorage[] = [];
  const users = new UserDirectory(async (config) => {
    if (config.username === failFor) throw new Error('cannot build');
    const driver = new MemoryDriver();
    const storage: UserStorage = { driver: Object.assign(driver, { close: async () => void closed.push(storage) }), backends: [] };
    built.push(storage);
    return storage;
  });
  return { users, closed, built };
}

describe('UserDirectory', () => {
  it('hands out accounts with the configured permissions, limits and a live revocation signal', async () => {
    const { users } = directory();
    await users.replace([user('alice', { readOnly: true, maxConnections: 2, allowFxp: true, partialUploads: 'keep' })]);
    const account = users.get('alice')?.account;
    expect(account).toMatchObject({ username: 'alice', maxConnections: 2, allowFxp: true, partialUploads: 'keep' });
    expect([...(account?.permissions ?? [])]).toEqual(['list', 'read']);
    expect(account?.revoked?.aborted).toBe(false);
  });

  it('keeps unchanged users as they are, revokes changed and removed ones, and adds new ones', async () => {
    const { users } = directory();
    await users.replace([user('same'), user('changed'), user('removed')]);
    const same = users.get('same')!;
    const changed = users.get('changed')!;
    const removed = users.get('removed')!;
    const change = await users.replace([user('same'), user('changed', { permissions: ['list'] }), user('new')]);
    expect(change).toMatchObject({ added: ['new'], changed: ['changed'], removed: ['removed'] });
    expect(users.get('same')).toBe(same);
    expect(same.account.revoked?.aborted).toBe(false);
    expect(changed.account.revoked?.aborted).toBe(true);
    expect(removed.account.revoked?.aborted).toBe(true);
    expect(users.get('changed')?.account.revoked?.aborted).toBe(false);
    expect(users.get('removed')).toBeUndefined();
    // Only the permissions changed: the storage is kept; the removed user's storage is retired.
    expect(users.get('changed')?.storage).toBe(changed.storage);
    expect(change.retired).toEqual([removed.storage]);
  });

  it('builds a new storage when a user’s storage settings change, retiring the old one', async () => {
    const { users } = directory();
    await users.replace([user('alice')]);
    const before = users.get('alice')!;
    const change = await users.replace([user('alice', { storage: { driver: 'fs', root: '/srv/elsewhere' } })]);
    expect(users.get('alice')?.storage).not.toBe(before.storage);
    expect(change.retired).toEqual([before.storage]);
    expect(change.changed).toEqual(['alice']);
  });

  it('changes nothing when a storage cannot be built, closing the ones it built', async () => {
    const { users, closed, built } = directory('broken');
    await users.replace([user('alice')]);
    const alice = users.get('alice')!;
    await expect(users.replace([user('alice', { storage: { driver: 'fs', root: '/srv/new' } }), user('broken')])).rejects.toThrow('cannot build');
    expect(users.get('alice')).toBe(alice);
    expect(alice.account.revoked?.aborted).toBe(false);
    expect(users.get('broken')).toBeUndefined();
    expect(closed).toEqual([built[1]]);
  });

  it('gives the account the user’s drop-box rules, each mount’s replacing them below it', async () => {
    const { users } = directory();
    const mounts = [
      { path: '/', storage: { driver: 'fs' as const, root: '/srv/home' }, readOnly: false },
      { path: '/inbox', storage: { driver: 'fs' as const, root: '/srv/inbox' }, readOnly: false, maxFileSize: 10, allowedNames: ['*.csv'] },
    ];
    await users.replace([user('alice', { storage: undefined, mounts, overwrite: false, maxFileSize: 100, hidden: ['.*'] })]);
    const files = users.get('alice')?.account.files;
    expect(files?.in('/docs')).toMatchObject({ overwrite: false, maxFileSize: 100 });
    expect(files?.in('/inbox')).toMatchObject({ overwrite: false, maxFileSize: 10 });
    expect(files?.in('/inbox').nameAllowed('a.exe')).toBe(false);
    expect(files?.in('/docs').nameAllowed('a.exe')).toBe(true);
    expect(files?.isHidden('/inbox/.env')).toBe(true);
    // Only a mount's rules changed: the session ends, the storage drivers stay.
    const before = users.get('alice')!;
    await users.replace([user('alice', { storage: undefined, mounts: [mounts[0]!, { ...mounts[1]!, maxFileSize: 20 }], overwrite: false })]);
    expect(before.account.revoked?.aborted).toBe(true);
    expect(users.get('alice')?.storage).toBe(before.storage);
    expect(users.get('alice')?.account.files?.in('/inbox').maxFileSize).toBe(20);
  });
});
