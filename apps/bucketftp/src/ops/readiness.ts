/**
 * /readyz: ready when the server is not draining and every storage backend answers a ping. Backends
 * shared by many users are pinged once; results are reused for `cacheMs`, so probes and scrapes do
 * not hammer the buckets.
 */
import { isStorageError, type StorageDriver } from '@bucketftp/storage';
import type { Backend } from '../storage/backend.js';

export interface BackendFailure {
  /** What could not be reached, e.g. `s3 bucket "data" at http://…`. */
  readonly backend: string;
  /** How many users it serves. */
  readonly users: number;
  readonly error: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly draining: boolean;
  /** Distinct backends checked. */
  readonly backends: number;
  readonly failed: readonly BackendFailure[];
}

type PingResult = { ok: true } | { ok: false; error: string };

interface CachedPing {
  settledAt: number | undefined;
  readonly result: Promise<PingResult>;
}

export interface ReadinessOptions {
  readonly cacheMs: number;
  readonly timeoutMs: number;
}

export class Readiness {
  private drainingSince: number | undefined;
  private readonly cache = new Map<string, CachedPing>();

  constructor(
    private readonly backends: () => Iterable<Backend & { username: string }>,
    private readonly options: ReadinessOptions,
  ) {}

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** From now on the server is unready: it is shutting down. */
  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  async check(): Promise<ReadinessReport> {
    if (this.draining) return { ready: false, draining: true, backends: 0, failed: [] };
    const groups = new Map<string, { description: string; driver: StorageDriver; users: Set<string> }>();
    for (const backend of this.backends()) {
      const group = groups.get(backend.key) ?? { description: backend.description, driver: backend.driver, users: new Set() };
      group.users.add(backend.username);
      groups.set(backend.key, group);
    }
    for (const key of this.cache.keys()) if (!groups.has(key)) this.cache.delete(key);
    const checked = await Promise.all(
      [...groups].map(async ([key, group]) => ({ group, result: await this.ping(key, group.driver) })),
    );
    const failed = checked.flatMap(({ group, result }) =>
      result.ok ? [] : [{ backend: group.description, users: group.users.size, error: result.error }],
    );
    return { ready: failed.length === 0 && !this.draining, draining: this.draining, backends: groups.size, failed };
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
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<PingResult>((resolve) => {
    onAbort = () => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const answered = (async (): Promise<PingResult> => {
    try {
      await driver.ping?.({ signal });
      return { ok: true };
    } catch (error) {
      if (signal.aborted) return { ok: false, error: `no answer within ${timeoutMs} ms` };
      return { ok: false, error: isStorageError(error) ? error.message : 'ping failed' };
    }
  })();
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
