/**
 * /readyz: whether this replica should receive clients — it is listening and not draining. Storage
 * backends are tenants' concern, not the replica's: one tenant's missing bucket must not take every
 * replica out of the load balancer (an outage for all users). Their health is reported beside the
 * verdict (the JSON body, a gauge per backend, one log line per change of state) and never turns
 * the replica unready.
 *
 * Backends shared by many users are pinged once; results are reused for `cacheMs`, so probes and
 * scrapes do not hammer the buckets.
 */
import { isStorageError, type StorageDriver } from '@bucketftp/storage';
import type { ProviderHealth } from '../auth/provider-status.js';
import type { Backend } from '../storage/backend.js';

/** `ok`: answers; `unavailable`: cannot be reached (transient); `missing`: does not exist (permanent). */
export type BackendState = 'ok' | 'unavailable' | 'missing';

export interface BackendHealth {
  /** What is checked, e.g. `s3 bucket "data" at http://…`; never a credential. */
  readonly backend: string;
  /** How many users it serves. */
  readonly users: number;
  readonly state: BackendState;
  /** Why it is not `ok`: the storage error's own message, never a backend's text. */
  readonly error?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly listening: boolean;
  readonly draining: boolean;
  /** Every distinct backend and its state (empty while draining: nothing is pinged then). */
  readonly backends: readonly BackendHealth[];
  /** Every auth provider and whether it answers (a provider that is down refuses its logins with 421). */
  readonly providers: readonly ProviderHealth[];
}

export interface ReadinessEvents {
  /** A backend's state changed (or was first seen); called once per change, not per check. */
  stateChanged?(health: BackendHealth, previous: BackendState | undefined): void;
  /** A backend is no longer configured. */
  removed?(backend: string): void;
}

type PingResult = { state: BackendState; error?: string };

interface CachedPing {
  settledAt: number | undefined;
  readonly result: Promise<PingResult>;
}

export interface ReadinessOptions {
  readonly cacheMs: number;
  readonly timeoutMs: number;
  /** The auth providers' health; reported, never turning the replica unready (every replica shares them). */
  readonly providers?: () => Promise<readonly ProviderHealth[]>;
}

export class Readiness {
  private drainingSince: number | undefined;
  private listeningSince: number | undefined;
  private readonly cache = new Map<string, CachedPing>();
  /** Last known state by backend description (what the logs and the gauge name). */
  private readonly states = new Map<string, BackendState>();

  constructor(
    private readonly backends: () => Iterable<Backend & { username: string }>,
    private readonly options: ReadinessOptions,
    private readonly events: ReadinessEvents = {},
  ) {}

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Every FTP listener is bound: from now on the replica can serve clients. */
  startListening(): void {
    this.listeningSince ??= Date.now();
  }

  /** From now on the server is unready: it is shutting down. */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  async check(): Promise<ReadinessReport> {
    const listening = this.listeningSince !== undefined;
    if (this.draining) return { ready: false, listening, draining: true, backends: [], providers: [] };
    const providers = this.options.providers?.() ?? Promise.resolve([]);
    const groups = new Map<string, { description: string; driver: StorageDriver; users: Set<string> }>();
    for (const backend of this.backends()) {
      const group = groups.get(backend.key) ?? { description: backend.description, driver: backend.driver, users: new Set() };
      group.users.add(backend.username);
      groups.set(backend.key, group);
    }
    for (const key of this.cache.keys()) if (!groups.has(key)) this.cache.delete(key);
    const described = new Set([...groups.values()].map((group) => group.description));
    for (const backend of [...this.states.keys()]) {
      if (described.has(backend)) continue;
      this.states.delete(backend);
      this.events.removed?.(backend);
    }
    const backends = await Promise.all(
      [...groups].map(async ([key, group]): Promise<BackendHealth> => {
        const result = await this.ping(key, group.driver);
        const health: BackendHealth = { backend: group.description, users: group.users.size, ...result };
        this.record(health);
        return health;
      }),
    );
    return { ready: listening && !this.draining, listening, draining: this.draining, backends, providers: await providers };
  }

  /**
   * A failure seen by a user's operation: a backend found missing is reported at once (not at the
   * next check), so the log says why its users are refused.
   */
  noticeFailure(backend: string, error: unknown): void {
    if (!isStorageError(error, 'storage-missing')) return;
    const users = new Set([...this.backends()].filter((each) => each.description === backend).map((each) => each.username));
    this.record({ backend, users: users.size, state: 'missing', error: error.message });
  }

  private record(health: BackendHealth): void {
    const previous = this.states.get(health.backend);
    if (previous === health.state) return;
    this.states.set(health.backend, health.state);
    this.events.stateChanged?.(health, previous);
  }

  private ping(key: string, driver: StorageDriver): Promise<PingResult> {
    const cached = this.cache.get(key);
    if (cached && (cached.settledAt === undefined || performance.now() - cached.settledAt < this.options.cacheMs)) return cached.result;
    const entry: CachedPing = {
      settledAt: undefined,
      result: pingWithin(driver, this.options.timeoutMs).then((result) => {
        entry.settledAt = performance.now();
        return result;
      }),
    };
    this.cache.set(key, entry);
    return entry.result;
  }
}

async function pingWithin(driver: StorageDriver, timeoutMs: number): Promise<PingResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  const noAnswer: PingResult = { state: 'unavailable', error: `no answer within ${timeoutMs} ms` };
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<PingResult>((resolve) => {
    onAbort = () => resolve(noAnswer);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const answered = (async (): Promise<PingResult> => {
    try {
      await driver.ping?.({ signal });
      return { state: 'ok' };
    } catch (error) {
      if (signal.aborted) return noAnswer;
      if (!isStorageError(error)) return { state: 'unavailable', error: 'ping failed' };
      return { state: error.kind === 'storage-missing' ? 'missing' : 'unavailable', error: error.message };
    }
  })();
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
