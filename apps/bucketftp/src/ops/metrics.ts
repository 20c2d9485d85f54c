/**
 * Prometheus metrics (prom-client, in a registry of our own). The names are what
 * infra/grafana/bucketftp-dashboard.json queries and what the README's operations section lists.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Values read when Prometheus scrapes, rather than counted. */
export interface LiveValues {
  sessionsOpen(): number;
  passivePortsInUse(): number;
  passivePortWaiters?(): number;
  users(): number;
  draining(): boolean;
  /** Brings `storageBackendUp` up to date (pings, cached); called on every scrape. */
  checkBackends?(): Promise<unknown>;
}

export type Direction = 'upload' | 'download';

export class AppMetrics {
  readonly registry = new Registry();

  readonly sessions = new Counter({ name: 'bucketftp_sessions_total', help: 'Control connections accepted.', registers: [this.registry] });
  readonly logins = new Counter({
    name: 'bucketftp_logins_total',
    help: 'Login attempts by auth provider (none: no provider knew the user) and result (ok, failed, invalid, unavailable).',
    labelNames: ['provider', 'result'] as const,
    registers: [this.registry],
  });
  readonly authProviderUp = new Gauge({
    name: 'bucketftp_auth_provider_up',
    help: '1 while the auth provider answers, 0 while it is down (its logins are refused with 421).',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'bucketftp_commands_total',
    help: 'Commands by verb and the class of the reply that answered them (2xx, 4xx, 5xx …).',
    labelNames: ['verb', 'class'] as const,
    registers: [this.registry],
  });
  readonly transfers = new Counter({
    name: 'bucketftp_transfers_total',
    help: 'Data transfers by direction, kind (file, listing) and result (ok, aborted, failed, no-connection).',
    labelNames: ['direction', 'kind', 'result'] as const,
    registers: [this.registry],
  });
  readonly transferBytes = new Counter({
    name: 'bucketftp_transfer_bytes_total',
    help: 'Bytes moved over data connections (upload = in, download = out), by kind.',
    labelNames: ['direction', 'kind'] as const,
    registers: [this.registry],
  });
  readonly transferDuration = new Histogram({
    name: 'bucketftp_transfer_duration_seconds',
    help: 'Duration of completed file transfers, by direction.',
    labelNames: ['direction'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
    registers: [this.registry],
  });
  readonly storageDuration = new Histogram({
    name: 'bucketftp_storage_operation_duration_seconds',
    help: 'Storage backend latency by driver, operation and outcome (list: until the first entry; read: until the stream opens; write: from the last byte received to the commit).',
    labelNames: ['driver', 'operation', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'bucketftp_errors_total',
    help: 'Errors by source (storage, transfer) and kind (a storage error kind such as unavailable, or a transfer result).',
    labelNames: ['source', 'kind'] as const,
    registers: [this.registry],
  });
  readonly bans = new Counter({
    name: 'bucketftp_bans_total',
    help: 'Client addresses banned by the server, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly passivePortWaits = new Counter({
    name: 'bucketftp_passive_port_waits_total',
    help: 'PASV/EPSV requests that found no free passive port and waited, by outcome (ok: a port came free; timeout, queue-full: answered 425).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly reloads = new Counter({
    name: 'bucketftp_users_reloads_total',
    help: 'Reloads of the users file by result (ok, rejected).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly events = new Counter({
    name: 'bucketftp_events_total',
    help: 'Events produced (one per committed upload, finished download, delete, rename, mkdir, rmdir, login), by type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly eventsDelivered = new Counter({
    name: 'bucketftp_events_delivered_total',
    help: 'Events a sink accepted, by sink.',
    labelNames: ['sink'] as const,
    registers: [this.registry],
  });
  readonly eventsRetried = new Counter({
    name: 'bucketftp_events_retried_total',
    help: 'Events whose delivery attempt failed and is tried again (5xx, timeout, connection error), by sink.',
    labelNames: ['sink'] as const,
    registers: [this.registry],
  });
  readonly eventsFailed = new Counter({
    name: 'bucketftp_events_failed_total',
    help: 'Events given up on (a 4xx, or retries exhausted), by sink.',
    labelNames: ['sink'] as const,
    registers: [this.registry],
  });
  readonly eventsDropped = new Counter({
    name: 'bucketftp_events_dropped_total',
    help: 'Events dropped without a delivery, by sink and reason (queue-full, shutdown).',
    labelNames: ['sink', 'reason'] as const,
    registers: [this.registry],
  });
  readonly eventsQueueDepth = new Gauge({
    name: 'bucketftp_events_queue_depth',
    help: 'Events waiting or in flight, by sink.',
    labelNames: ['sink'] as const,
    registers: [this.registry],
  });
  readonly eventsDeliveryLatency = new Histogram({
    name: 'bucketftp_events_delivery_latency_seconds',
    help: 'Time from an event being queued to its sink accepting it, by sink.',
    labelNames: ['sink'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly storageBackendUp: Gauge<'backend'>;

  constructor(live: LiveValues) {
    const registers = [this.registry];
    this.storageBackendUp = new Gauge({
      name: 'bucketftp_storage_backend_up',
      help: 'Per storage backend: 1 when it answers, 0 when it cannot be reached or does not exist (its users get 451 or 550).',
      labelNames: ['backend'] as const,
      registers,
      async collect() {
        await live.checkBackends?.();
      },
    });
    new Gauge({ name: 'bucketftp_sessions_open', help: 'Control connections open now.', registers, collect() { this.set(live.sessionsOpen()); } });
    new Gauge({ name: 'bucketftp_passive_ports_in_use', help: 'Passive data ports held now.', registers, collect() { this.set(live.passivePortsInUse()); } });
    new Gauge({ name: 'bucketftp_passive_port_waiters', help: 'PASV/EPSV requests waiting for a passive port now.', registers, collect() { this.set(live.passivePortWaiters?.() ?? 0); } });
    new Gauge({ name: 'bucketftp_users', help: 'Users configured now.', registers, collect() { this.set(live.users()); } });
    new Gauge({ name: 'bucketftp_draining', help: '1 while the server drains for shutdown.', registers, collect() { this.set(live.draining() ? 1 : 0); } });
    collectDefaultMetrics({ register: this.registry });
  }
}

/** `227` → `2xx`. */
export function replyClass(code: number): string {
  return `${Math.floor(code / 100)}xx`;
}
