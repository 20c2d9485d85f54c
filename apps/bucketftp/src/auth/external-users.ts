/**
 * Users an external provider (http, ldap) vouched for. Each login's answer is validated (template,
 * placeholders, user schema); the account built from it is kept while the answer stays the same, so
 * a user's sessions share one storage and a reconnect builds nothing. When a later answer, or a new
 * `userTemplate` (users file reloaded), gives a user different settings, the old account is revoked:
 * that user's sessions end with 421 at their next command, as a changed configured user's do.
 */
import type { Logger } from '@bucketftp/server';
import type { SchemaContext } from '../config/secrets.js';
import type { StorageDefaults } from '../config/storage-schema.js';
import type { ExternalUserConfig } from '../config/user-schema.js';
import { describeProblem, validateExternalUser } from '../config/users.js';
import type { Backend } from '../storage/backend.js';
import type { UserStorage } from '../storage/user-storage.js';
import { accountFor, storageFingerprint, type ActiveUser } from './user-directory.js';

export type Template = Readonly<Record<string, unknown>> | undefined;

interface Entry {
  readonly provider: string;
  /** The provider's answer, kept to re-render the user when the template changes. */
  readonly user: unknown;
  readonly attributes: Readonly<Record<string, string>> | undefined;
  readonly fingerprint: string;
  readonly active: Omit<ActiveUser, 'config'> & { readonly config: ExternalUserConfig };
}

export type Resolution = { readonly ok: true; readonly active: Entry['active'] } | { readonly ok: false; readonly problems: readonly string[] };

export interface ExternalUsersOptions {
  readonly context: SchemaContext;
  readonly defaults: StorageDefaults;
  readonly template: Template;
  readonly buildStorage: (config: ExternalUserConfig) => Promise<UserStorage>;
  /** Storages no account holds any more; closed once no session can use them. */
  readonly retire: (storages: readonly UserStorage[]) => void;
  readonly log: Logger;
  /**
   * Accounts kept at most; beyond, the one that logged in least recently is dropped (revoked, its
   * storage closed once no session can use it) and rebuilt at its next login. Default 10,000.
   */
  readonly maxEntries?: number;
}

export class ExternalUsers {
  private readonly entries = new Map<string, Entry>();
  private template: Template;

  constructor(private readonly options: ExternalUsersOptions) {
    this.template = options.template;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Validates the provider's answer for `username` and returns the account to hand out. */
  async resolve(provider: string, username: string, user: unknown, attributes?: Readonly<Record<string, string>>): Promise<Resolution> {
    const result = this.validate(username, user, attributes);
    if (!result.ok) return { ok: false, problems: result.problems.map(describeProblem) };
    const fingerprint = JSON.stringify(result.config);
    const old = this.entries.get(username);
    if (old && old.fingerprint === fingerprint) {
      // Most recently used last: eviction takes the first.
      this.entries.delete(username);
      this.entries.set(username, old);
      return { ok: true, active: old.active };
    }
    const keep = old && storageFingerprint(old.active.config) === storageFingerprint(result.config);
    let storage: UserStorage;
    try {
      storage = keep ? old.active.storage : await this.options.buildStorage(result.config);
    } catch (error) {
      return { ok: false, problems: [`cannot set up the storage (${error instanceof Error ? error.message : String(error)})`] };
    }
    if (this.entries.get(username) !== old) {
      // A concurrent login for the same user got there first: start over from its entry.
      if (!keep) this.options.retire([storage]);
      return await this.resolve(provider, username, user, attributes);
    }
    const active = { config: result.config, storage, ...accountFor(result.config, storage) };
    this.entries.delete(username);
    this.entries.set(username, { provider, user, attributes, fingerprint, active });
    if (old) this.drop(username, old, keep === true ? storage : undefined, 'changed');
    this.evict();
    return { ok: true, active };
  }

  /** A new template: users whose settings it changes (or invalidates) are revoked and rebuilt at their next login. */
  setTemplate(template: Template): string[] {
    this.template = template;
    const affected: string[] = [];
    for (const [username, entry] of [...this.entries]) {
      const result = this.validate(username, entry.user, entry.attributes);
      if (result.ok && JSON.stringify(result.config) === entry.fingerprint) continue;
      this.entries.delete(username);
      this.drop(username, entry, undefined, 'changed');
      affected.push(username);
    }
    return affected;
  }

  private evict(): void {
    const limit = this.options.maxEntries ?? 10_000;
    for (const [username, entry] of this.entries) {
      if (this.entries.size <= limit) return;
      this.entries.delete(username);
      this.drop(username, entry, undefined, 'evicted');
    }
  }

  *backends(): Generator<Backend & { username: string }> {
    for (const [username, entry] of this.entries) for (const backend of entry.active.storage.backends) yield { ...backend, username };
  }

  storages(): UserStorage[] {
    return [...new Set([...this.entries.values()].map((entry) => entry.active.storage))];
  }

  private validate(username: string, user: unknown, attributes: Readonly<Record<string, string>> | undefined) {
    return validateExternalUser({ username, user, attributes, template: this.template }, this.options.context, this.options.defaults);
  }

  /** Revokes `entry`'s account and retires its storage unless `kept` (the new entry holds it). */
  private drop(username: string, entry: Entry, kept: UserStorage | undefined, why: string): void {
    entry.active.revocation.abort(new Error(`account ${username} was ${why}`));
    if (entry.active.storage !== kept) this.options.retire([entry.active.storage]);
    this.options.log.info({ user: username, provider: entry.provider }, `external user ${why}: open sessions end at their next command`);
  }
}
