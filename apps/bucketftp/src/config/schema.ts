/**
 * The configuration file's schema. Every key is documented in the README's configuration reference;
 * keep the two in step. Users are validated one by one (config/users.ts), after `defaults` are known.
 */
import { DEFAULT_BANS, DEFAULT_LIMITS, DEFAULT_PASSIVE, DEFAULT_PROXY_PROTOCOL, DEFAULT_SERVER_NAME, DEFAULT_TLS } from '@bucketftp/server';
import { z } from 'zod';
import { checkClusterLayout, clusterSchema } from './cluster-schema.js';
import { eventsSchema } from './events-schema.js';
import type { SchemaContext } from './secrets.js';
import { storageDefaultsSchema } from './storage-schema.js';
import type { UserConfig } from './user-schema.js';
import { addressBlock } from './address-blocks.js';
import { authSchema } from './auth-schema.js';

const port = z.number().int().min(0).max(65535);
const durationMs = z.number().int().min(0);
/** 0 = unlimited. */
const bytesPerSecond = z.number().int().min(0);

const listenAddress = z.strictObject({
  host: z.string().min(1),
  port,
  /** Implicit FTPS on this listener (TLS from the first byte, by convention port 990); needs `server.tls`. */
  implicitTls: z.boolean().default(false),
});

const cidrList = z.array(addressBlock());

/** RFC 4217 explicit FTPS (AUTH TLS) on every listener, and implicit FTPS where a listener asks for it. */
const tls = z.strictObject({
  /** PEM certificate chain and private key files; re-read on SIGHUP. */
  certFile: z.string().min(1),
  keyFile: z.string().min(1),
  minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).default(DEFAULT_TLS.minVersion),
  ciphers: z.string().min(1).optional(),
  /** USER is refused (530) until the control connection is protected. */
  requireTlsForLogin: z.boolean().default(DEFAULT_TLS.requireTlsForLogin),
  /** PROT C and clear transfers are refused (534/521). */
  requireProtectedData: z.boolean().default(DEFAULT_TLS.requireProtectedData),
  /** A PROT P data connection must resume the control connection's TLS session (curl, lftp and FileZilla do; Python's ftplib does not). */
  requireDataSessionReuse: z.boolean().default(DEFAULT_TLS.requireDataSessionReuse),
  handshakeTimeoutMs: durationMs.default(DEFAULT_TLS.handshakeTimeoutMs),
});

const bans = z.strictObject({
  /** Failed logins within the window that ban an address; 0 turns banning off. */
  maxFailures: z.number().int().min(0).default(DEFAULT_BANS.maxFailures),
  windowMs: durationMs.default(DEFAULT_BANS.windowMs),
  durationMs: durationMs.default(DEFAULT_BANS.durationMs),
  /** Addresses and CIDR blocks never banned (monitoring probes, a trusted office). */
  exempt: cidrList.default(() => [...DEFAULT_BANS.exempt]),
  maxTracked: z.number().int().min(1).default(DEFAULT_BANS.maxTracked),
});

/** PROXY protocol v1/v2 from load balancers at these addresses (required from them, refused from others). */
const proxyProtocol = z.strictObject({
  trustedProxies: cidrList.min(1),
  /** Also serve clients connecting directly (not through a proxy), under their own address. */
  allowDirectConnections: z.boolean().default(DEFAULT_PROXY_PROTOCOL.allowDirectConnections),
  /** Passive data connections through the proxies carry a header too. */
  passiveData: z.boolean().default(DEFAULT_PROXY_PROTOCOL.passiveData),
  headerTimeoutMs: durationMs.default(DEFAULT_PROXY_PROTOCOL.headerTimeoutMs),
  maxHeaderBytes: z.number().int().min(232).max(65_535).default(DEFAULT_PROXY_PROTOCOL.maxHeaderBytes),
});

const portRange = z
  .strictObject({ min: port.min(1024), max: port.min(1024) })
  .refine((range) => range.min <= range.max, { message: 'min must not exceed max', path: ['max'] });

export function configSchema(context: SchemaContext) {
  return z
    .strictObject({
      server: z
        .strictObject({
          name: z.string().min(1).default(DEFAULT_SERVER_NAME),
          listen: z.array(listenAddress).min(1).default([{ host: '127.0.0.1', port: 2121, implicitTls: false }]),
          passive: z
            .strictObject({
              portRange: portRange.optional(),
              publicAddress: z.ipv4().optional(),
              acceptTimeoutMs: durationMs.default(DEFAULT_PASSIVE.acceptTimeoutMs),
              /** A PASV/EPSV finding no free port waits this long for one before 425; 0 = no wait. */
              portWaitMs: durationMs.default(DEFAULT_PASSIVE.portWaitMs),
              /** Requests waiting for a port at once; one more is answered 425 at once. */
              maxPortWaiters: z.number().int().min(0).default(DEFAULT_PASSIVE.maxPortWaiters),
            })
            .prefault({}),
          limits: z
            .strictObject({
              maxLineLength: z.number().int().min(512).max(65536).optional(),
              idleTimeoutMs: durationMs.optional(),
              /** A command line must be complete this long after its first byte; 0 = off. */
              commandLineTimeoutMs: durationMs.default(DEFAULT_LIMITS.commandLineTimeoutMs),
              /** Time from connecting to a successful login; 0 = off. */
              loginTimeoutMs: durationMs.default(DEFAULT_LIMITS.loginTimeoutMs),
              dataTimeoutMs: durationMs.optional(),
              maxConnections: z.number().int().min(1).optional(),
              maxLoginFailures: z.number().int().min(1).optional(),
              loginFailureDelayMs: durationMs.optional(),
              maxPendingCommands: z.number().int().min(1).optional(),
              connectTimeoutMs: durationMs.optional(),
              /** TCP keepalive on control, data and relayed connections: idle time before the first probe; 0 = off. */
              tcpKeepAliveMs: durationMs.default(DEFAULT_LIMITS.tcpKeepAliveMs),
              /** 0 = no limit. */
              maxConnectionsPerAddress: z.number().int().min(0).default(DEFAULT_LIMITS.maxConnectionsPerAddress),
              /** 0 = no limit; a user's own `maxConnections` takes precedence. */
              maxConnectionsPerUser: z.number().int().min(0).optional(),
              /** Lines a client may send before logging in; 0 = no limit. */
              maxCommandsBeforeLogin: z.number().int().min(0).optional(),
              /** Bytes per second of this replica, all sessions together; 0 = unlimited. */
              uploadBytesPerSecond: bytesPerSecond.default(DEFAULT_LIMITS.uploadBytesPerSecond),
              downloadBytesPerSecond: bytesPerSecond.default(DEFAULT_LIMITS.downloadBytesPerSecond),
            })
            .prefault({}),
          bans: bans.prefault({}),
          tls: tls.optional(),
          proxyProtocol: proxyProtocol.optional(),
          shutdownGraceMs: durationMs.default(30_000),
        })
        .superRefine((server, issue) => {
          server.listen.forEach((address, index) => {
            if (address.implicitTls && !server.tls) {
              issue.addIssue({ code: 'custom', path: ['listen', index, 'implicitTls'], message: 'implicit FTPS needs server.tls (certFile, keyFile)' });
            }
          });
        })
        .prefault({}),
      logging: z
        .strictObject({
          level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
          /** Human-readable output; default: when stdout is a terminal. */
          pretty: z.boolean().optional(),
        })
        .prefault({}),
      /** The operations listener: /healthz, /readyz, /metrics. */
      http: z
        .strictObject({
          enabled: z.boolean().default(true),
          host: z.string().min(1).default('127.0.0.1'),
          port: port.default(9090),
          /** How long a storage ping result is reused by /readyz. */
          readyCacheMs: durationMs.default(5_000),
          /** A storage that has not answered a ping within this long is reported unavailable (readiness is not affected). */
          pingTimeoutMs: z.number().int().min(1).default(3_000),
        })
        .prefault({}),
      /** What /metrics counts beyond the defaults. */
      metrics: z
        .strictObject({
          /** Bytes and files per user (a `user` label); off by default, as users can be many. */
          perUser: z.boolean().default(false),
          /** Distinct users counted by name; later ones are counted as user="other". */
          maxUsers: z.number().int().min(1).default(100),
        })
        .prefault({}),
      /** Removing what crashed uploads left behind (temporary files, multipart uploads, temporary objects). */
      sweep: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** Only leftovers older than this are removed: younger ones may be uploads in progress. */
          olderThanHours: z.number().positive().default(24),
          /** At start-up, then this often. */
          intervalMinutes: z.number().positive().default(60),
        })
        .prefault({}),
      defaults: storageDefaultsSchema(context),
      /** Where identities come from: the configured users, an HTTP hook, … (config/auth-schema.ts). */
      auth: authSchema(context),
      /** A second YAML file holding `users:`, reloaded on SIGHUP and when it changes. */
      usersFile: z.string().min(1).optional(),
      /** Checked entry by entry in config/users.ts. */
      users: z.array(z.unknown()).optional(),
      /** File and login events sent to webhooks and queues (README, "Events"). */
      events: eventsSchema(context),
      /** Several replicas behind one load balancer (infra/README.md); unset: a single instance. */
      cluster: clusterSchema(context).optional(),
    })
    .superRefine((config, issue) => {
      if (!config.cluster) return;
      checkClusterLayout(
        config.cluster,
        {
          portRange: config.server.passive.portRange,
          listenPorts: config.server.listen.map((address) => address.port),
          httpPort: config.http.enabled ? config.http.port : undefined,
        },
        issue,
      );
    });
}

type Settings = z.output<ReturnType<typeof configSchema>>;

export type Config = Omit<Settings, 'users'> & {
  /** The users written in the configuration file itself (those of `usersFile` come on top). */
  readonly users: readonly UserConfig[];
};

export type { UserConfig } from './user-schema.js';
export type { StorageConfig } from './storage-schema.js';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
