/**
 * What the app does with the engine's events: Prometheus counters, the xferlog-like transfer
 * record, and the session bookkeeping that tells when a retired storage may be closed.
 */
import type { Logger, ServerObserver, TransferRecord } from '@bucketftp/server';
import type { EventPublisher } from '../events/publisher.js';
import type { StorageRetirement } from '../storage/retirement.js';
import { replyClass, type AppMetrics } from './metrics.js';
import type { UserUsage } from './user-usage.js';

export interface BanEvent {
  readonly remoteAddress: string;
  readonly reason: string;
}

export interface AppObserver extends ServerObserver {
  /** Counts a ban in bucketftp_bans_total (the engine's addressBanned event feeds it). */
  banned?(event: BanEvent): void;
}

export interface ObserverDeps {
  readonly metrics: AppMetrics;
  readonly log: Logger;
  readonly retirement: StorageRetirement;
  /** Bytes and files per user (`metrics.perUser`); unset: not counted. */
  readonly usage?: UserUsage;
  /** Turns logins and file operations into events (absent without `events.sinks`). */
  readonly events?: EventPublisher | undefined;
}

const KNOWN_VERB = /^[A-Z]{3,4}$/;

export function createObserver({ metrics, log, retirement, usage, events }: ObserverDeps): AppObserver {
  const xferlog = log.child({ log: 'xferlog' });
  return {
    sessionOpened({ sid }) {
      metrics.sessions.inc();
      retirement.sessionOpened(sid);
    },
    sessionClosed({ sid }) {
      retirement.sessionClosed(sid);
    },
    login(event) {
      // Counted by the provider chain, which knows the provider (bucketftp_logins_total{provider,result}).
      events?.login(event);
    },
    fileOperation(event) {
      events?.fileOperation(event);
    },
    command({ verb, code }) {
      metrics.commands.inc({ verb: KNOWN_VERB.test(verb) ? verb : 'unknown', class: replyClass(code) });
    },
    transfer(record) {
      countTransfer(metrics, record);
      usage?.count(record);
      // One line per file transfer, in the spirit of wu-ftpd's xferlog.
      if (record.kind === 'file') xferlog.info(xferRecord(record), 'xferlog');
    },
    banned({ remoteAddress, reason }) {
      metrics.bans.inc({ reason });
      log.warn({ remote: remoteAddress, reason }, 'client banned');
    },
    addressBanned({ address }) {
      // The engine has logged the ban with its details already.
      metrics.bans.inc({ reason: 'login-failures' });
      log.debug({ remote: address }, 'ban counted');
    },
    refused({ reason }) {
      metrics.errors.inc({ source: 'refused', kind: reason });
    },
    passivePortWait({ outcome }) {
      metrics.passivePortWaits.inc({ outcome });
    },
    tlsHandshakeFailed({ channel, reason }) {
      metrics.errors.inc({ source: `tls-${channel}`, kind: reason });
    },
  };
}

function countTransfer(metrics: AppMetrics, record: TransferRecord): void {
  const { direction, kind, result, bytes, durationMs } = record;
  metrics.transfers.inc({ direction, kind, result });
  metrics.transferBytes.inc({ direction, kind }, bytes);
  if (kind === 'file' && result === 'ok') metrics.transferDuration.observe({ direction }, durationMs / 1000);
  if (result !== 'ok') metrics.errors.inc({ source: 'transfer', kind: result });
}

function xferRecord(record: TransferRecord): Record<string, unknown> {
  return {
    sid: record.sid,
    user: record.user,
    cmd: record.command,
    path: record.path,
    direction: record.direction,
    bytes: record.bytes,
    durationMs: record.durationMs,
    result: record.result,
  };
}
