import { silentLogger } from '@bucketftp/server';
import { MemoryDriver } from '@bucketftp/storage';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UserConfig } from '../config/schema.js';
import { ConfigAuthenticator } from './config-authenticator.js';
import { hashPassword } from './password-hash.js';
import { UserDirectory } from './user-directory.js';

describe('ConfigAuthenticator', () => {
  let authenticator: ConfigAuthenticator;
  const warnings: unknown[] = [];

  beforeAll(async () => {
    const passwordHash = await hashPassword('s3cret', { ln: 10, r: 8, p: 1 });
    const base = { passwordHash, permissions: ['list', 'read'], readOnly: false, allowFxp: false, requireTls: false, partialUploads: 'discard', demo: false } as const;
    const users: UserConfig[] = [
      { ...base, username: 'anywhere', permissions: [...base.permissions], storage: { driver: 'fs', root: '/a' } },
      { ...base, username: 'office', permissions: [...base.permissions], storage: { driver: 'fs', root: '/b' }, allowedSources: ['10.0.0.0/8', '::1/128'] },
    ];
    const directory = new UserDirectory(async () => ({ driver: new MemoryDriver(), backends: [] }));
    await directory.replace(users);
    authenticator = new ConfigAuthenticator(directory, { ...silentLogger, warn: (fields: unknown) => void warnings.push(fields) });
  });

  it('accepts the right password and refuses a wrong one or an unknown user', async () => {
    await expect(authenticator.authenticate({ username: 'anywhere', password: 's3cret', remoteAddress: '203.0.113.9' })).resolves.toMatchObject({ username: 'anywhere' });
    await expect(authenticator.authenticate({ username: 'anywhere', password: 'wrong', remoteAddress: '203.0.113.9' })).resolves.toBeUndefined();
    await expect(authenticator.authenticate({ username: 'nobody', password: 's3cret', remoteAddress: '203.0.113.9' })).resolves.toBeUndefined();
  });

  it('refuses a login from outside allowedSources even with the right password, and logs it', async () => {
    await expect(authenticator.authenticate({ username: 'office', password: 's3cret', remoteAddress: '10.2.3.4' })).resolves.toMatchObject({ username: 'office' });
    await expect(authenticator.authenticate({ username: 'office', password: 's3cret', remoteAddress: '::1' })).resolves.toMatchObject({ username: 'office' });
    await expect(authenticator.authenticate({ username: 'office', password: 's3cret', remoteAddress: '203.0.113.9' })).resolves.toBeUndefined();
    expect(warnings).toContainEqual({ user: 'office', remote: '203.0.113.9' });
  });
});
