/**
 * Whether each auth provider answers: from its own `check()` (run at most once per `cacheMs`, for
 * /readyz) and from every login it answered or failed to. A change is reported once (log line,
 * `bucketftp_auth_provider_up`), not per login.
 */
import type { AuthProvider } from './provider.js';

export interface ProviderHealth {
  readonly provider: string;
  readonly type: string;
  readonly state: 'up' | 'down';
}

export interface ProviderStatusOptions {
  readonly cacheMs: number;
  readonly timeoutMs: number;
  /** A provider's state changed (all start up). */
  readonly changed?: (provider: AuthProvider, up: boolean) => void;
}

export class ProviderStatus {
  private readonly up = new Map<string, boolean>();
  private readonly checkedAt = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly providers: readonly AuthProvider[],
    private readonly options: ProviderStatusOptions,
  ) {
    for (const provider of providers) this.up.set(provider.name, true);
  }

  /** A login got an answer (`up`) or not from `name`. */
  answered(name: string, up: boolean): void {
    const provider = this.providers.find((each) => each.name === name);
    if (provider) this.set(provider, up);
  }

  async check(): Promise<ProviderHealth[]> {
    await Promise.all(this.providers.map((provider) => this.refresh(provider)));
    return this.providers.map((provider) => ({ provider: provider.name, type: provider.type, state: this.up.get(provider.name) === false ? 'down' : 'up' }));
  }

  private refresh(provider: AuthProvider): Promise<void> {
    const check = provider.check?.bind(provider);
    if (!check) return Promise.resolve();
    const last = this.checkedAt.get(provider.name);
    if (last !== undefined && performance.now() - last < this.options.cacheMs) return Promise.resolve();
    const running = this.running.get(provider.name);
    if (running) return running;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    // A check that ignores its signal still counts as down once the time is up.
    const timedOut = new Promise<boolean>((resolve) => signal.addEventListener('abort', () => resolve(false), { once: true }));
    const done = Promise.race([check(signal), timedOut])
      .catch(() => false)
      .then((up) => {
        this.checkedAt.set(provider.name, performance.now());
        this.running.delete(provider.name);
        this.set(provider, up);
      });
    this.running.set(provider.name, done);
    return done;
  }

  private set(provider: AuthProvider, up: boolean): void {
    if (this.up.get(provider.name) === up) return;
    this.up.set(provider.name, up);
    this.options.changed?.(provider, up);
  }
}
