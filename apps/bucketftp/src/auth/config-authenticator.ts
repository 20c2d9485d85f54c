/** Users from the configuration file: password hashes, storage, permissions. */
import type { Authenticator, LoginRequest, Permission, UserAccount } from '@bucketftp/server';
import type { StorageDriver } from '@bucketftp/storage';
import type { UserConfig } from '../config/schema.js';
import { verifyPassword } from './password-hash.js';

const READ_ONLY: ReadonlySet<Permission> = new Set(['list', 'read']);

/** Compared against when the user is unknown, so a wrong name costs as long as a wrong password. */
const DUMMY_HASH = '$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export interface ConfiguredUser {
  readonly config: UserConfig;
  readonly storage: StorageDriver;
}

export class ConfigAuthenticator implements Authenticator {
  private readonly users = new Map<string, ConfiguredUser>();

  constructor(users: readonly ConfiguredUser[]) {
    for (const user of users) this.users.set(user.config.username, user);
  }

  async authenticate({ username, password }: LoginRequest): Promise<UserAccount | undefined> {
    const user = this.users.get(username);
    const ok = await verifyPassword(password, user?.config.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) return undefined;
    const { config } = user;
    const granted = new Set<Permission>(config.permissions);
    const permissions = config.readOnly ? new Set([...granted].filter((permission) => READ_ONLY.has(permission))) : granted;
    return {
      username: config.username,
      storage: user.storage,
      permissions,
      allowFxp: config.allowFxp,
      partialUploads: config.partialUploads,
    };
  }
}
