/**
 * The server's Authenticator over `auth.providers`: asked in order, the first provider that knows
 * the user decides. `unknown` asks the next one; `rejected` is a failed login (530, counted for
 * bans); `unavailable` (or a provider that throws) refuses the login with 421 at once, never falling
 * through to a later provider. An accepted user is subject to everything a configured one is
 * (allowedSources here; TLS, session limits and bans in the engine).
 */
import type { Authenticator, Logger, LoginRequest, UserAccount } from '@bucketftp/server';
import type { ExternalUsers } from './external-users.js';
import type { AuthOutcome, AuthProvider, AuthRequest } from './provider.js';
import type { ActiveUser } from './user-directory.js';

/** `ok`, `failed` (wrong credentials, source refused, nobody knows the user), `invalid` (unusable user object), `unavailable`. */
export type LoginResult = 'ok' | 'failed' | 'invalid' | 'unavailable';

export interface ProviderChainDeps {
  readonly providers: readonly AuthProvider[];
  /** Recognises a configured user's entry (the config provider's accepted `user`). */
  readonly isConfigured: (user: unknown) => user is ActiveUser;
  readonly external: ExternalUsers;
  readonly log: Logger;
  /** `provider` is `none` when no provider knew the user. */
  readonly recorded?: (provider: string, result: LoginResult) => void;
  /** Whether each provider answered (anything but `unavailable`). */
  readonly answered?: (provider: string, up: boolean) => void;
}

export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

export class ProviderChain implements Authenticator {
  private readonly closing = new AbortController();

  constructor(private readonly deps: ProviderChainDeps) {}

  async authenticate(login: LoginRequest): Promise<UserAccount | undefined> {
    const { log } = this.deps;
    const secured = login.secured === true;
    const request: AuthRequest = {
      username: login.username,
      password: login.password,
      clientAddress: login.remoteAddress,
      serverAddress: login.localAddress ?? '',
      tls: secured,
      protocol: secured ? 'ftps' : 'ftp',
    };
    const fields = { user: login.username, remote: login.remoteAddress };
    for (const provider of this.deps.providers) {
      const outcome = await this.ask(provider, request);
      this.deps.answered?.(provider.name, outcome.kind !== 'unavailable');
      switch (outcome.kind) {
        case 'unknown':
          continue;
        case 'rejected':
          log.info({ ...fields, provider: provider.name, reason: outcome.reason }, 'login rejected by the provider');
          return this.result(provider.name, 'failed', undefined);
        case 'unavailable':
          this.deps.recorded?.(provider.name, 'unavailable');
          throw new ProviderUnavailableError(`auth provider ${provider.name} is unavailable: ${outcome.reason}`);
        case 'accepted': {
          const active = await this.activeUser(provider, login.username, outcome);
          if (!active) return this.result(provider.name, 'invalid', undefined);
          if (!active.allowedFrom(login.remoteAddress)) {
            log.warn({ ...fields, provider: provider.name }, 'login refused: client address not in allowedSources');
            return this.result(provider.name, 'failed', undefined);
          }
          return this.result(provider.name, 'ok', active.account);
        }
      }
    }
    return this.result('none', 'failed', undefined);
  }

  /** Abandons the requests in flight and closes every provider. */
  async close(): Promise<void> {
    this.closing.abort(new Error('server stopping'));
    await Promise.allSettled(this.deps.providers.map(async (provider) => await provider.close?.()));
  }

  private result(provider: string, result: LoginResult, account: UserAccount | undefined): UserAccount | undefined {
    this.deps.recorded?.(provider, result);
    return account;
  }

  private async ask(provider: AuthProvider, request: AuthRequest): Promise<AuthOutcome> {
    try {
      return await provider.authenticate(request, this.closing.signal);
    } catch (error) {
      return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private async activeUser(provider: AuthProvider, username: string, outcome: Extract<AuthOutcome, { kind: 'accepted' }>) {
    if (this.deps.isConfigured(outcome.user)) return outcome.user;
    const resolved = await this.deps.external.resolve(provider.name, username, outcome.user, outcome.attributes);
    if (resolved.ok) return resolved.active;
    this.deps.log.error({ user: username, provider: provider.name, problems: resolved.problems }, 'login refused: the provider returned an invalid user');
    return undefined;
  }
}
