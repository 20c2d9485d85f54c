/**
 * Starts a server from a loaded configuration: users and their storages, the FTP listeners, the
 * operations endpoints, users-file reloads, and a drain on stop.
 */
import type { AddressInfo } from 'node:net';
import { DEFAULT_LIMITS, FtpServer, type Logger, type TlsOptions } from '@bucketftp/server';
import { ExternalUsers, type Template } from './auth/external-users.js';
import type { AuthProvider } from './auth/provider.js';
import { ProviderChain } from './auth/provider-chain.js';
import { ProviderStatus } from './auth/provider-status.js';
import { createProviders } from './auth/providers.js';
import type { AccountSettings } from './config/user-schema.js';
import { UserDirectory, type UsersChange } from './auth/user-directory.js';
import type { LoadedConfig } from './config/load.js';
import type { UserConfig } from './config/schema.js';
import { startOpsServer, type OpsServer } from './ops/http-server.js';
import { AppMetrics } from './ops/metrics.js';
import { createObserver } from './ops/observer.js';
import { UserUsage } from './ops/user-usage.js';
import { Readiness, type BackendHealth, type BackendState } from './ops/readiness.js';
import { UsersReloader, type ReloadResult } from './reload/users-reloader.js';
import { createDriver, type DriverBounds } from './storage/create-driver.js';
import { readTlsCredentials } from './tls-credentials.js';
import { errorKind, InstrumentedDriver, type StorageRecorder } from './storage/instrumented-driver.js';
import { StorageRetirement } from './storage/retirement.js';
import { buildUserStorage, StorageSetupError } from './storage/user-storage.js';
import { describeBackend } from './storage/backend.js';
import { Sweeper } from './storage/sweeper.js';
import { ShutdownStack } from './shutdown-stack.js';
import { createEventDispatcher } from './events/dispatch.js';
import { EventPublisher } from './events/publisher.js';

/** The event queues get at least this long (within shutdownGraceMs) even when the FTP drain used the grace period up. */
const MIN_EVENT_DRAIN_MS = 2_000;

export interface RunningServer {
  readonly server: FtpServer;
  readonly addresses: readonly AddressInfo[];
  /** The operations listener (/healthz, /readyz, /metrics), unless `http.enabled` is false. */
  readonly opsAddress: AddressInfo | undefined;
  readonly metrics: AppMetrics;
  /** Re-reads `usersFile` (SIGHUP); undefined when there is none. */
  reloadUsers(): Promise<ReloadResult | undefined>;
  /** Re-reads the FTPS certificate and key (SIGHUP) for new handshakes; false when TLS is off. Throws, keeping the old ones, when they are unusable. */
  reloadTls(): Promise<boolean>;
  /**
   * /readyz turns unready at once; stops accepting, lets transfers finish within
   * `server.shutdownGraceMs`, aborts the rest, closes sessions with 421, then closes the storages
   * and the operations listener. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

/** The server could not start (a listener, a storage): a message for the operator, no stack trace. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export async function startServer(loaded: LoadedConfig, logger: Logger): Promise<RunningServer> {
  const { config } = loaded;
  // The engine is built after the metrics it reports to; the live gauges read it once it exists.
  const engine: { server?: FtpServer } = {};
  const bounds = { maxRequestTimeoutMs: config.server.limits.dataTimeoutMs ?? DEFAULT_LIMITS.dataTimeoutMs };
  const directory = new UserDirectory((user) => buildStorage(user, recorderFor, bounds));
  const retirement = new StorageRetirement(logger);
  const external = new ExternalUsers({
    context: { baseDir: loaded.baseDir, env: {} },
    defaults: config.defaults,
    template: loaded.userTemplate,
    buildStorage: (user) => buildStorage(user, recorderFor, bounds),
    retire: (storages) => retirement.retire(storages),
    log: logger,
  });
  let providers: AuthProvider[];
  try {
    providers = await createProviders(config.auth.providers, { log: logger, users: directory });
  } catch (error) {
    throw new StartupError(`cannot set up the auth providers: ${(error as Error).message}`, { cause: error });
  }
  const providerStatus = new ProviderStatus(providers, {
    cacheMs: config.http.readyCacheMs,
    timeoutMs: config.http.pingTimeoutMs,
    changed: (provider, up) => {
      metrics.authProviderUp.set({ provider: provider.name }, up ? 1 : 0);
      if (up) logger.info({ provider: provider.name }, 'auth provider available again');
      else logger.error({ provider: provider.name, type: provider.type }, 'auth provider unavailable; its logins are refused with 421');
    },
  });
  const authenticator = new ProviderChain({
    providers,
    isConfigured: (user) => directory.owns(user),
    external,
    log: logger,
    recorded: (provider, result) => metrics.logins.inc({ provider, result }),
    answered: (provider, up) => providerStatus.answered(provider, up),
  });
  const readiness = new Readiness(
    () => allBackends(directory, external),
    { cacheMs: config.http.readyCacheMs, timeoutMs: config.http.pingTimeoutMs, providers: () => providerStatus.check() },
    {
      stateChanged: (health, previous) => {
        metrics.storageBackendUp.set({ backend: health.backend }, health.state === 'ok' ? 1 : 0);
        logBackendState(logger, health, previous);
      },
      removed: (backend) => metrics.storageBackendUp.remove({ backend }),
    },
  );
  const metrics = new AppMetrics({
    sessionsOpen: () => engine.server?.sessionCount ?? 0,
    passivePortsInUse: () => engine.server?.passivePortsInUse ?? 0,
    passivePortWaiters: () => engine.server?.passivePortWaiters ?? 0,
    users: () => directory.size + external.size,
    draining: () => readiness.draining,
    checkBackends: () => readiness.check(),
  });
  for (const provider of providers) metrics.authProviderUp.set({ provider: provider.name }, 1);
  const recorder = storageRecorder(metrics);
  // A backend's operations report a missing bucket as soon as a user meets it.
  const recorderFor = (backend: string): StorageRecorder => ({
    operation(report) {
      recorder.operation(report);
      if (report.error !== undefined) readiness.noticeFailure(backend, report.error);
    },
    lateError(report) {
      recorder.lateError(report);
    },
  });
  const sweeper = new Sweeper(() => allBackends(directory, external), { olderThanMs: config.sweep.olderThanHours * 3_600_000, intervalMs: config.sweep.intervalMinutes * 60_000 }, logger);
  // Each resource registers its stop as soon as it has started: a failed start unwinds what was
  // started so far, a stop unwinds everything, last started first.
  const shutdown = new ShutdownStack();
  const fail = async (error: unknown): Promise<never> => {
    await shutdown.unwind().catch((cleanup: unknown) => logger.error({ err: cleanup }, 'stopping what had started failed'));
    throw error;
  };

  shutdown.push('storages', async () => {
    await retirement.closeAll();
    const storages = new Set([...directory.storages(), ...external.storages()]);
    await Promise.allSettled([...storages].map(async (storage) => await storage.driver.close?.()));
  });
  // Stopped after the FTP server (registered before it): events of transfers that finish during
  // the grace period are still queued, and the queues get what is left of that grace period.
  const events = createEventDispatcher(config.events.sinks, logger, metrics);
  let stopBegan: number | undefined;
  if (events) {
    shutdown.push('event sinks', async () => {
      const grace = started ? config.server.shutdownGraceMs : 0;
      const left = grace - (performance.now() - (stopBegan ?? performance.now()));
      await events.close(Math.max(left, Math.min(grace, MIN_EVENT_DRAIN_MS)));
    });
  }
  shutdown.push('auth providers', () => authenticator.close());
  try {
    await directory.replace(loaded.users);
  } catch (error) {
    return await fail(error instanceof StorageSetupError ? new StartupError(error.message, { cause: error }) : error);
  }
  const { tls: tlsSettings, bans, proxyProtocol } = config.server;
  let tls: TlsOptions | undefined;
  try {
    tls = tlsSettings && { ...tlsSettings, ...(await readTlsCredentials(tlsSettings, loaded.baseDir)) };
  } catch (error) {
    return await fail(new StartupError((error as Error).message, { cause: error }));
  }
  const server = new FtpServer({
    authenticator,
    logger,
    serverName: config.server.name,
    passive: config.server.passive,
    limits: config.server.limits,
    bans,
    tls,
    proxyProtocol,
    observer: createObserver({
      metrics,
      log: logger,
      retirement,
      usage: config.metrics.perUser ? new UserUsage(metrics.registry, { maxUsers: config.metrics.maxUsers }) : undefined,
      events: events && new EventPublisher(events, metrics),
    }),
    cluster: config.cluster,
  });
  engine.server = server;
  if (config.cluster && !config.server.passive.publicAddress) {
    logger.warn('cluster mode without server.passive.publicAddress: PASV replies name the pod, not the load balancer (EPSV is unaffected)');
  }

  const apply = async (users: readonly UserConfig[], userTemplate: Template): Promise<UsersChange> => {
    const change = await directory.replace(users);
    retirement.retire(change.retired);
    const affected = external.setTemplate(userTemplate ?? config.auth.userTemplate);
    return { ...change, changed: [...change.changed, ...affected] };
  };
  const reloader =
    loaded.usersFile === undefined
      ? undefined
      : new UsersReloader({
          file: loaded.usersFile,
          context: loaded.usersFileContext,
          inline: config.users,
          digest: loaded.usersFileDigest ?? '',
          apply,
          log: logger,
          onResult: (result) => metrics.reloads.inc({ result }),
        });

  let ops: OpsServer | undefined;
  const addresses: AddressInfo[] = [];
  let started = false;
  try {
    if (config.http.enabled) {
      const opsServer = await listening(`http ${config.http.host}:${config.http.port}`, () =>
        startOpsServer({ host: config.http.host, port: config.http.port, readiness, registry: metrics.registry, log: logger }),
      );
      ops = opsServer;
      shutdown.push('operations listener', () => opsServer.close());
    }
    // The engine's close stops its listeners, its sessions and, in cluster mode, the passive and
    // relay ports; transfers get the grace period only once the start has completed.
    shutdown.push('ftp server', () => server.close({ graceMs: started ? config.server.shutdownGraceMs : 0 }));
    // The cluster's own errors name the port (a passive one, or the relay port).
    await server.startCluster().catch((error: unknown) => {
      throw new StartupError((error as Error).message, { cause: error });
    });
    for (const address of config.server.listen) {
      addresses.push(await listening(`${address.host}:${address.port}`, () => server.listen(address)));
    }
    readiness.startListening();
    if (config.sweep.enabled) {
      sweeper.start();
      shutdown.push('sweeper', () => sweeper.stop());
    }
    if (reloader) {
      // fs.watch throws at once when the folder cannot be watched (ENOSPC: no inotify watches left).
      reloader.watch();
      shutdown.push('users reloader', () => reloader.close());
    }
  } catch (error) {
    return await fail(error);
  }
  started = true;

  return {
    server,
    addresses,
    opsAddress: ops?.address,
    metrics,
    async reloadUsers() {
      return await reloader?.reload('signal');
    },
    async reloadTls() {
      if (!tlsSettings) return false;
      server.setTlsCredentials(await readTlsCredentials(tlsSettings, loaded.baseDir));
      return true;
    },
    stop() {
      stopBegan ??= performance.now();
      readiness.startDraining();
      return shutdown.unwind();
    },
  };
}

function* allBackends(directory: UserDirectory, external: ExternalUsers) {
  yield* directory.backends();
  yield* external.backends();
}

async function buildStorage(user: AccountSettings, recorderFor: (backend: string) => StorageRecorder, bounds: DriverBounds) {
  try {
    return await buildUserStorage(user, async (storage) => new InstrumentedDriver(await createDriver(storage, bounds), recorderFor(describeBackend(storage))));
  } catch (error) {
    throw new StorageSetupError(user.username, error);
  }
}

function storageRecorder(metrics: AppMetrics): StorageRecorder {
  return {
    operation({ driver, operation, seconds, error }) {
      metrics.storageDuration.observe({ driver, operation, outcome: error === undefined ? 'ok' : 'error' }, seconds);
      if (error !== undefined) metrics.errors.inc({ source: 'storage', kind: errorKind(error) });
    },
    lateError({ error }) {
      metrics.errors.inc({ source: 'storage', kind: errorKind(error) });
    },
  };
}

/**
 * One line per change of a backend's state, not one per failed command: a missing bucket is an
 * operator's problem (its users get 550), an unreachable one may pass (its users get 451).
 */
function logBackendState(logger: Logger, health: BackendHealth, previous: BackendState | undefined): void {
  const fields = { backend: health.backend, users: health.users, state: health.state, ...(health.error && { error: health.error }) };
  if (health.state === 'missing') logger.error(fields, 'storage backend does not exist; its users are refused with 550');
  else if (health.state === 'unavailable') logger.warn(fields, 'storage backend unreachable; its users get 451');
  else if (previous !== undefined) logger.info(fields, 'storage backend available again');
}

/** Runs a listen call, turning EADDRINUSE & co. into a StartupError naming the address. */
async function listening<T>(what: string, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    const reason = code === 'EADDRINUSE' ? 'address already in use' : code === 'EACCES' ? 'permission denied' : code;
    throw new StartupError(`cannot listen on ${what}: ${reason} (${code})`, { cause: error });
  }
}
