/** Server options with their defaults, resolved once at construction. */
import type { Authenticator } from './auth.js';
import type { Logger } from './logger.js';
import type { ServerObserver } from './observer.js';
import { silentLogger } from './logger.js';

export interface PassiveOptions {
  /** Inclusive port range for PASV/EPSV listeners; unset means any free port. */
  portRange?: { min: number; max: number };
  /** IPv4 address announced in 227 replies (the load balancer's public address); default: the control connection's local address. */
  publicAddress?: string;
  /** How long to wait for the client to connect to a passive port. */
  acceptTimeoutMs?: number;
}

export interface LimitOptions {
  /** RFC 959 gives no limit; 4 KiB holds any sane command plus a long UTF-8 path. */
  maxLineLength?: number;
  /** Close an idle control connection after this long (421). */
  idleTimeoutMs?: number;
  /** Abort a transfer whose data connection makes no progress for this long. */
  dataTimeoutMs?: number;
  /** Connections served at once; more are answered 421 and closed. */
  maxConnections?: number;
  /** Failed PASS attempts on one connection before it is closed with 421. */
  maxLoginFailures?: number;
  /** Pause before answering a failed PASS (slows password guessing, RFC 2577 §5). */
  loginFailureDelayMs?: number;
  /** Commands queued behind a running one before the client is disconnected. */
  maxPendingCommands?: number;
  /** How long an active-mode (PORT/EPRT) connect may take. */
  connectTimeoutMs?: number;
}

export interface FtpServerOptions {
  authenticator: Authenticator;
  logger?: Logger;
  /** Name used in the greeting and the QUIT farewell. */
  serverName?: string;
  passive?: PassiveOptions;
  limits?: LimitOptions;
  /** Receives session, login, command and transfer events (metrics). */
  observer?: ServerObserver;
}

export interface ResolvedOptions {
  authenticator: Authenticator;
  logger: Logger;
  serverName: string;
  passive: Required<Omit<PassiveOptions, 'portRange' | 'publicAddress'>> & Pick<PassiveOptions, 'portRange' | 'publicAddress'>;
  limits: Required<LimitOptions>;
  observer: ServerObserver;
}

export const DEFAULT_LIMITS: Required<LimitOptions> = {
  maxLineLength: 4096,
  idleTimeoutMs: 300_000,
  dataTimeoutMs: 120_000,
  maxConnections: 1000,
  maxLoginFailures: 3,
  loginFailureDelayMs: 1000,
  maxPendingCommands: 64,
  connectTimeoutMs: 10_000,
};

export function resolveOptions(options: FtpServerOptions): ResolvedOptions {
  return {
    authenticator: options.authenticator,
    logger: options.logger ?? silentLogger,
    serverName: options.serverName ?? 'bucketftp',
    passive: {
      acceptTimeoutMs: options.passive?.acceptTimeoutMs ?? 30_000,
      portRange: options.passive?.portRange,
      publicAddress: options.passive?.publicAddress,
    },
    observer: options.observer ?? {},
    limits: { ...DEFAULT_LIMITS, ...withoutUndefined(options.limits ?? {}) },
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
