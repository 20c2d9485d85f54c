/**
 * Everything a PASS goes through besides the password check itself: bans of addresses that keep
 * failing (RFC 2577 §5), the failure delay and per-connection failure limit, accounts that require
 * TLS (RFC 4217 §4.2), and the per-user session limit.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { UserAccount } from './auth.js';
import type { LoginOutcome } from './context.js';
import type { BanList } from './limits/ban-list.js';
import type { Tally } from './limits/tally.js';
import type { Logger } from './logger.js';
import type { RefusalReason } from './observer.js';
import type { ResolvedOptions } from './options.js';
import type { SessionState } from './session-state.js';

export interface LoginGateDeps {
  readonly sid: string;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly options: ResolvedOptions;
  readonly bans: BanList;
  /** Logged-in sessions per user name, server-wide. */
  readonly users: Tally;
  readonly state: SessionState;
  log(): Logger;
  secured(): boolean;
  refused(reason: RefusalReason, user?: string): void;
}

export type LoginResult =
  | { readonly outcome: Exclude<LoginOutcome, 'ok'> }
  /** `release` gives the user's session slot back (logout, close). */
  | { readonly outcome: 'ok'; readonly account: UserAccount; readonly release: () => void };

export class LoginGate {
  constructor(private readonly deps: LoginGateDeps) {}

  async attempt(username: string, password: string): Promise<LoginResult> {
    const { options, bans, remoteAddress } = this.deps;
    const { authenticator, limits, observer } = options;
    if (bans.isBanned(remoteAddress)) {
      this.deps.refused('banned', username);
      return { outcome: 'banned' };
    }
    let account: UserAccount | undefined;
    try {
      account = await authenticator.authenticate({ username, password, remoteAddress, localAddress: this.deps.localAddress, secured: this.deps.secured() });
    } catch (error) {
      // Fail closed: neither a login nor a failure counted against the client.
      this.deps.log().error({ user: username, err: error }, 'login refused: the identity backend is unavailable');
      return { outcome: 'unavailable' };
    }
    observer.login?.({ sid: this.deps.sid, user: username, remoteAddress, ok: account !== undefined, tls: this.deps.secured() });
    if (!account) return await this.failed(username);
    if (account.requireTls === true && !this.deps.secured()) {
      this.deps.log().info({ user: username }, 'login refused: the account requires TLS');
      return { outcome: 'tls-required' };
    }
    const limit = account.maxConnections ?? limits.maxConnectionsPerUser;
    if (limit > 0 && this.deps.users.count(account.username) >= limit) {
      this.deps.log().info({ user: username, limit }, 'login refused: too many sessions for this user');
      this.deps.refused('max-connections-per-user', username);
      return { outcome: 'user-limit' };
    }
    return { outcome: 'ok', account, release: this.deps.users.add(account.username) };
  }

  private async failed(username: string): Promise<LoginResult> {
    const { options, bans, state, remoteAddress } = this.deps;
    state.loginFailures += 1;
    this.deps.log().warn({ user: username, failures: state.loginFailures }, 'login failed');
    if (bans.recordFailure(remoteAddress)) {
      const { maxFailures, durationMs } = options.bans;
      this.deps.log().warn({ address: remoteAddress, failures: maxFailures, durationMs }, 'address banned after repeated failed logins');
      options.observer.addressBanned?.({ address: remoteAddress, failures: maxFailures, durationMs });
      this.deps.refused('banned', username);
      return { outcome: 'banned' };
    }
    if (options.limits.loginFailureDelayMs > 0) await sleep(options.limits.loginFailureDelayMs);
    if (state.loginFailures >= options.limits.maxLoginFailures) {
      this.deps.refused('login-failures', username);
      return { outcome: 'disconnect' };
    }
    return { outcome: 'retry' };
  }
}
