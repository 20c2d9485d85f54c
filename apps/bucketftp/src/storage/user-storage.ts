/**
 * A user's view of storage: one driver for `storage:`, or a MountDriver over one driver per mount
 * for `mounts:`. Every backend driver is wrapped for metrics before it is mounted.
 */
import { MountDriver, type StorageDriver } from '@bucketftp/storage';
import type { StorageConfig } from '../config/schema.js';
import type { AccountSettings } from '../config/user-schema.js';
import { backendKey, describeBackend, type Backend } from './backend.js';

export interface UserStorage {
  /** What the user's sessions see (virtual `/` is the user's home). */
  readonly driver: StorageDriver;
  /** The backends below it, for readiness. */
  readonly backends: readonly Backend[];
}

/** Builds (and wraps) one backend driver. */
export type DriverFactory = (config: StorageConfig) => Promise<StorageDriver>;

export async function buildUserStorage(user: AccountSettings, create: DriverFactory): Promise<UserStorage> {
  const mounts = user.mounts ?? (user.storage ? [{ path: '/', storage: user.storage, readOnly: false }] : []);
  const built: { path: string; readOnly: boolean; backend: Backend }[] = [];
  try {
    for (const mount of mounts) {
      const driver = await create(mount.storage);
      built.push({ path: mount.path, readOnly: mount.readOnly, backend: { key: backendKey(mount.storage), description: describeBackend(mount.storage), driver } });
    }
  } catch (error) {
    await Promise.allSettled(built.map(async ({ backend }) => await backend.driver.close?.()));
    throw error;
  }
  const backends = built.map((mount) => mount.backend);
  const only = built[0];
  if (user.storage && only) return { driver: only.backend.driver, backends };
  const driver = new MountDriver(built.map((mount) => ({ path: mount.path, driver: mount.backend.driver, readOnly: mount.readOnly })));
  return { driver, backends };
}

/** A user's storage could not be set up (a folder that cannot be created, a bad driver option). */
export class StorageSetupError extends Error {
  override readonly name = 'StorageSetupError';

  constructor(
    readonly username: string,
    cause: unknown,
  ) {
    super(`user ${username}: cannot set up the storage (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}
