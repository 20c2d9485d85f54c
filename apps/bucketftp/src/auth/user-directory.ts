/**
 * The users the server knows now. `replace()` swaps in a new list (start-up, users file reloaded):
 * unchanged users keep their account and storage; a removed or changed user's account is revoked
 * (its `revoked` signal aborts), so that user's open sessions end with 421 at their next command,
 * while new logins see the new entry. A user whose storage settings did not change keeps the
 * storage drivers it had; the drivers nobody will use again are handed back to be closed.
 */
import { FilePolicy, type Permission, type UserAccount } from '@bucketftp/server';
import { fileRulesOf } from '../config/file-rules-schema.js';
import type { UserConfig } from '../config/schema.js';
import type { AccountSettings } from '../config/user-schema.js';
import type { Backend } from '../storage/backend.js';
import type { UserStorage } from '../storage/user-storage.js';
import { sourceFilter } from './source-filter.js';

const READ_ONLY: ReadonlySet<Permission> = new Set(['list', 'read']);

export interface ActiveUser {
  readonly config: UserConfig;
  readonly account: UserAccount;
  readonly storage: UserStorage;
  /** Whether the client address may log in as this user (allowedSources). */
  readonly allowedFrom: (address: string) => boolean;
  readonly revocation: AbortController;
}

export interface UsersChange {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  /** Storages no current user holds any more; close them once no session can use them. */
  readonly retired: UserStorage[];
}

export class UserDirectory {
  private users = new Map<string, ActiveUser>();

  constructor(private readonly buildStorage: (user: UserConfig) => Promise<UserStorage>) {}

  get(username: string): ActiveUser | undefined {
    return this.users.get(username);
  }

  /** Whether `user` is one of this directory's current entries. */
  owns(user: unknown): user is ActiveUser {
    if (typeof user !== 'object' || user === null) return false;
    const candidate = user as Partial<ActiveUser>;
    return typeof candidate.config?.username === 'string' && this.users.get(candidate.config.username) === user;
  }

  get size(): number {
    return this.users.size;
  }

  /** Every backend of every user, for readiness. */
  *backends(): Generator<Backend & { username: string }> {
    for (const user of this.users.values()) {
      for (const backend of user.storage.backends) yield { ...backend, username: user.config.username };
    }
  }

  storages(): UserStorage[] {
    return [...new Set([...this.users.values()].map((user) => user.storage))];
  }

  /** Builds every new storage first: when one fails, nothing changes and the error is thrown. */
  async replace(configs: readonly UserConfig[]): Promise<UsersChange> {
    const previous = this.users;
    const next = new Map<string, ActiveUser>();
    const built: UserStorage[] = [];
    try {
      for (const config of configs) {
        const old = previous.get(config.username);
        if (old && fingerprint(old.config) === fingerprint(config)) {
          next.set(config.username, old);
          continue;
        }
        const keep = old && storageFingerprint(old.config) === storageFingerprint(config);
        const storage = keep ? old.storage : await this.buildStorage(config);
        if (!keep) built.push(storage);
        next.set(config.username, activeUser(config, storage));
      }
    } catch (error) {
      await Promise.allSettled(built.map(async (storage) => await storage.driver.close?.()));
      throw error;
    }
    this.users = next;
    const change: UsersChange = { added: [], changed: [], removed: [], retired: [] };
    const held = new Set([...next.values()].map((user) => user.storage));
    for (const [username, old] of previous) {
      const current = next.get(username);
      if (current === old) continue;
      old.revocation.abort(new Error(`account ${username} was ${current ? 'changed' : 'removed'}`));
      (current ? change.changed : change.removed).push(username);
      if (!held.has(old.storage)) change.retired.push(old.storage);
    }
    for (const username of next.keys()) if (!previous.has(username)) change.added.push(username);
    return change;
  }
}

function activeUser(config: UserConfig, storage: UserStorage): ActiveUser {
  return { config, storage, ...accountFor(config, storage) };
}

/** What a session gets for `settings`, whoever vouched for the user, and how to revoke it. */
export function accountFor(config: AccountSettings, storage: UserStorage): Pick<ActiveUser, 'account' | 'allowedFrom' | 'revocation'> {
  const revocation = new AbortController();
  const granted = new Set<Permission>(config.permissions);
  const permissions = config.readOnly ? new Set([...granted].filter((permission) => READ_ONLY.has(permission))) : granted;
  const account: UserAccount = {
    username: config.username,
    storage: storage.driver,
    permissions,
    allowFxp: config.allowFxp,
    requireTls: config.requireTls,
    partialUploads: config.partialUploads,
    files: filePolicy(config),
    maxConnections: config.maxConnections,
    limits: config.limits,
    revoked: revocation.signal,
  };
  const allowedFrom = config.allowedSources ? sourceFilter(config.allowedSources) : () => true;
  return { account, allowedFrom, revocation };
}

/** The user's drop-box rules, and each mount's over them below the mount. */
function filePolicy(config: AccountSettings): FilePolicy {
  const scopes = (config.mounts ?? []).map((mount) => ({ path: mount.path, rules: fileRulesOf(mount) }));
  return new FilePolicy(fileRulesOf(config), scopes);
}

/** The validated entry (secrets resolved, paths absolute), in schema order. */
function fingerprint(config: UserConfig): string {
  return JSON.stringify(config);
}

/** What the storage drivers are built from: a change of a mount's drop-box rules keeps them. */
export function storageFingerprint(config: AccountSettings): string {
  const mounts = config.mounts?.map(({ path, storage, readOnly }) => ({ path, storage, readOnly }));
  return JSON.stringify({ storage: config.storage, mounts });
}
