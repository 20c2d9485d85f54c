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
  /** How long to wait for the client to connect to a passive port. Default 30 000 ms. */
  acceptTimeoutMs?: number;
  /**
   * A PASV/EPSV that finds no passive port free (for its client address, in cluster mode: of this
   * replica's slice) waits this long for one to free up before it is answered 425. 0 = no wait. Default 5000 ms.
   */
  portWaitMs?: number;
  /** PASV/EPSV requests waiting for a port at once (FIFO); one more is answered 425 at once. Default 64. */
  maxPortWaiters?: number;
}

export interface LimitOptions {
  /** RFC 959 gives no limit; 4 KiB holds any sane command plus a long UTF-8 path. Default 4096 bytes. */
  maxLineLength?: number;
  /** Close an idle control connection after this long (421). Default 300 000 ms. */
  idleTimeoutMs?: number;
  /**
   * A command line must be complete this long after its first byte arrived, or the connection is
   * closed with 421 (the idle timeout alone lets one byte a second hold a connection). 0 = off. Default 30 000 ms.
   */
  commandLineTimeoutMs?: number;
  /** Time from connecting (or REIN) to a successful login; then 421 and close. 0 = off. Default 60 000 ms. */
  loginTimeoutMs?: number;
  /** Abort a transfer whose data connection makes no progress for this long (426). Default 120 000 ms. */
  dataTimeoutMs?: number;
  /** Connections served at once, all addresses together; more are answered 421 and closed. Default 1000. */
  maxConnections?: number;
  /**
   * Connections served at once from one client address (after PROXY protocol), so that one address
   * cannot take every slot of maxConnections; 0 = no limit. Default 50.
   */
  maxConnectionsPerAddress?: number;
  /**
   * Sessions one user may have logged in at once; a login beyond it is answered 421 and closed. An
   * account's own `UserAccount.maxConnections` takes precedence. 0 = no limit. Default 0.
   */
  maxConnectionsPerUser?: number;
  /** Failed PASS attempts on one connection before it is closed with 421. Default 3. */
  maxLoginFailures?: number;
  /** Pause before answering a failed PASS (slows password guessing, RFC 2577 §5). Default 1000 ms. */
  loginFailureDelayMs?: number;
  /** Command lines (garbage included) a connection may send before logging in; then 421. 0 = no limit. Default 50. */
  maxCommandsBeforeLogin?: number;
  /** Commands queued behind a running one before the client is disconnected. Default 64. */
  maxPendingCommands?: number;
  /** How long an active-mode (PORT/EPRT) connect may take. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /**
   * TCP keepalive on every control, data and relayed cluster connection: idle time before the first
   * probe. Well under the idle timeouts of load balancers and NATs (AWS NLB 350 s). 0 = off. Default 60 000 ms.
   */
  tcpKeepAliveMs?: number;
  /**
   * Upload bytes per second of this process, all sessions together; 0 = unlimited. A user's own
   * `UserAccount.limits` applies as well: a chunk waits for both. Default 0.
   */
  uploadBytesPerSecond?: number;
  /** Download bytes per second of this process, all sessions together; 0 = unlimited. Default 0. */
  downloadBytesPerSecond?: number;
}

/**
 * Temporary bans of client addresses that keep failing to log in (RFC 2577 §5): `maxFailures` failed
 * PASS attempts from one address within `windowMs`, over any number of connections, ban it for
 * `durationMs`. Its connections are then answered 421 and closed.
 */
export interface BanOptions {
  /** Failed logins within the window that ban an address; 0 turns banning off. Default 10. */
  maxFailures?: number;
  /** Window the failures are counted in. Default 600 000 ms (10 min). */
  windowMs?: number;
  /** How long a ban lasts. Default 900 000 ms (15 min). */
  durationMs?: number;
  /** Addresses and CIDR blocks never banned (monitoring probes, a trusted office). Default []. */
  exempt?: readonly string[];
  /** Addresses tracked at once; the oldest entry is forgotten first, so a flood of sources cannot exhaust memory. Default 10 000. */
  maxTracked?: number;
}

/** PEM certificate chain (leaf first) and private key for FTPS. */
export interface TlsCredentials {
  cert: string | Buffer;
  key: string | Buffer;
}

/**
 * FTPS (RFC 4217). With credentials, AUTH TLS / PBSZ / PROT are offered on every plain listener and
 * listeners with `implicitTls` speak TLS from the first byte.
 */
export interface TlsOptions extends TlsCredentials {
  /** Oldest TLS version accepted. Default 'TLSv1.2'. */
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** OpenSSL cipher list for TLS 1.2 (TLS 1.3 suites are not affected). Default: DEFAULT_TLS_CIPHERS (forward-secret AEAD suites only). */
  ciphers?: string;
  /** USER is refused with 530 until the control connection is protected (AUTH TLS or implicit TLS). Default false. Per user: `UserAccount.requireTls`. */
  requireTlsForLogin?: boolean;
  /** PROT C is refused (534) and transfers without PROT P are refused (521). Default false. */
  requireProtectedData?: boolean;
  /**
   * A PROT P data connection must resume the control connection's TLS session (RFC 4217 §10.2),
   * otherwise the transfer is answered 425. Default false: curl and lftp resume, Python's ftplib does not.
   */
  requireDataSessionReuse?: boolean;
  /** Time a client has to complete a TLS handshake on a control or data connection. Default 10 000 ms. */
  handshakeTimeoutMs?: number;
}

/**
 * PROXY protocol v1/v2 (haproxy.org proxy-protocol.txt) from load balancers in front of the server.
 * A connection from a trusted proxy must start with a header, and the client it names is the one
 * that logs, limits, bans and data-connection checks (RFC 2577) see.
 */
export interface ProxyProtocolOptions {
  /** Addresses and CIDR blocks of the proxies, e.g. ['10.0.0.0/8', 'fd00::/8']. Required. */
  trustedProxies: readonly string[];
  /**
   * Serve connections from any other address directly, under their own address; a PROXY header from
   * them is refused. Default false: other addresses are refused (the spec forbids guessing, §2).
   */
  allowDirectConnections?: boolean;
  /** Passive data connections from a trusted proxy carry a header too (e.g. one load balancer for all ports). Default true. */
  passiveData?: boolean;
  /** Time a trusted proxy has to deliver its header (spec §2: at least 3 s). Default 5000 ms. */
  headerTimeoutMs?: number;
  /** Largest v2 header accepted, TLVs included. Default 1024 bytes. */
  maxHeaderBytes?: number;
}

/**
 * Several replicas behind one load balancer that spreads connections without sticky sessions
 * (infra/README.md). The passive range is cut into `slices` equal slices; this replica announces
 * only ports of slice `replica` but listens on the whole range for as long as it runs, and relays a
 * data connection for another replica's port to that replica's `relayPort`, opening with a PROXY v2
 * header that names the client. Needs `passive.portRange`; set `passive.publicAddress` to the load
 * balancer's address for PASV.
 */
export interface ClusterOptions {
  /** This replica's index, 0 … slices-1; a StatefulSet pod's ordinal (`replicaFromHostname(os.hostname())`). */
  replica: number;
  /** Equal slices the passive range is cut into: the most replicas the layout serves. */
  slices: number;
  /**
   * The replicas' host names or addresses: a list by index, or a pattern in which `{replica}` stands
   * for the index, e.g. 'bucketftp-{replica}.bucketftp-peers' (a StatefulSet's headless Service).
   */
  peers: string | readonly string[];
  /** Port on which every replica takes the data connections relayed to it. Default 2122. */
  relayPort?: number;
  /** Address the passive and relay listeners bind; a specific one is also where relays leave from. Default: every address. */
  host?: string;
  /** CIDR blocks allowed to relay to us. Default: the peers' current DNS addresses. */
  trustedPeers?: readonly string[];
  /** Relay data connections to the replica that owns their port. Default true; false drops them (for diagnosis only). */
  forwarding?: boolean;
}

export interface FtpServerOptions {
  authenticator: Authenticator;
  logger?: Logger;
  /** Name used in the greeting and the QUIT farewell. */
  serverName?: string;
  passive?: PassiveOptions;
  limits?: LimitOptions;
  bans?: BanOptions;
  /** FTPS; unset means plain FTP only (AUTH is answered 502). Credentials can be replaced later with `setTlsCredentials`. */
  tls?: TlsOptions;
  /** Unset means no PROXY protocol: every connection is taken at its socket address. */
  proxyProtocol?: ProxyProtocolOptions;
  /** Receives session, login, command, transfer, refusal, ban and TLS events (metrics). */
  observer?: ServerObserver;
  /** Unset means a single instance: a listener per PASV/EPSV on the control connection's local address. */
  cluster?: ClusterOptions;
}

export type ResolvedClusterOptions = Required<Omit<ClusterOptions, 'host' | 'trustedPeers'>> & Pick<ClusterOptions, 'host' | 'trustedPeers'>;

export interface ResolvedOptions {
  authenticator: Authenticator;
  logger: Logger;
  serverName: string;
  passive: Required<Omit<PassiveOptions, 'portRange' | 'publicAddress'>> & Pick<PassiveOptions, 'portRange' | 'publicAddress'>;
  limits: Required<LimitOptions>;
  bans: Required<BanOptions>;
  tls: (Required<Omit<TlsOptions, 'ciphers'>> & Pick<TlsOptions, 'ciphers'>) | undefined;
  proxyProtocol: Required<ProxyProtocolOptions> | undefined;
  observer: ServerObserver;
  cluster: ResolvedClusterOptions | undefined;
}

/** Named in the greeting and the QUIT farewell. */
export const DEFAULT_SERVER_NAME = 'bucketftp';

export const DEFAULT_LIMITS: Required<LimitOptions> = {
  maxLineLength: 4096,
  idleTimeoutMs: 300_000,
  commandLineTimeoutMs: 30_000,
  loginTimeoutMs: 60_000,
  dataTimeoutMs: 120_000,
  maxConnections: 1000,
  maxConnectionsPerAddress: 50,
  maxConnectionsPerUser: 0,
  maxLoginFailures: 3,
  loginFailureDelayMs: 1000,
  maxCommandsBeforeLogin: 50,
  maxPendingCommands: 64,
  connectTimeoutMs: 10_000,
  tcpKeepAliveMs: 60_000,
  uploadBytesPerSecond: 0,
  downloadBytesPerSecond: 0,
};

export const DEFAULT_PASSIVE: Required<Omit<PassiveOptions, 'portRange' | 'publicAddress'>> = {
  acceptTimeoutMs: 30_000,
  portWaitMs: 5000,
  maxPortWaiters: 64,
};

export const DEFAULT_BANS: Required<BanOptions> = {
  maxFailures: 10,
  windowMs: 600_000,
  durationMs: 900_000,
  exempt: [],
  maxTracked: 10_000,
};

export const DEFAULT_TLS: Required<Omit<TlsOptions, 'ciphers' | 'cert' | 'key'>> = {
  minVersion: 'TLSv1.2',
  requireTlsForLogin: false,
  requireProtectedData: false,
  requireDataSessionReuse: false,
  handshakeTimeoutMs: 10_000,
};

/**
 * TLS 1.2 suites offered by default: ECDHE key exchange (forward secrecy) with AES-GCM or
 * ChaCha20-Poly1305 (AEAD) only — no static-RSA key exchange, no CBC (RFC 7525 §4.2). TLS 1.3
 * suites are all of this kind and stay as Node sets them.
 */
export const DEFAULT_TLS_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export const DEFAULT_PROXY_PROTOCOL: Required<Omit<ProxyProtocolOptions, 'trustedProxies'>> = {
  allowDirectConnections: false,
  passiveData: true,
  headerTimeoutMs: 5000,
  maxHeaderBytes: 1024,
};

export const DEFAULT_CLUSTER: Required<Pick<ClusterOptions, 'relayPort' | 'forwarding'>> = {
  relayPort: 2122,
  forwarding: true,
};

export function resolveOptions(options: FtpServerOptions): ResolvedOptions {
  return {
    authenticator: options.authenticator,
    logger: options.logger ?? silentLogger,
    serverName: options.serverName ?? DEFAULT_SERVER_NAME,
    passive: {
      ...DEFAULT_PASSIVE,
      ...withoutUndefined(options.passive ?? {}),
      portRange: options.passive?.portRange,
      publicAddress: options.passive?.publicAddress,
    },
    observer: options.observer ?? {},
    limits: { ...DEFAULT_LIMITS, ...withoutUndefined(options.limits ?? {}) },
    bans: { ...DEFAULT_BANS, ...withoutUndefined(options.bans ?? {}) },
    tls: options.tls && { ...DEFAULT_TLS, ...withoutUndefined(options.tls), cert: options.tls.cert, key: options.tls.key },
    proxyProtocol: options.proxyProtocol && {
      ...DEFAULT_PROXY_PROTOCOL,
      ...withoutUndefined(options.proxyProtocol),
      trustedProxies: options.proxyProtocol.trustedProxies,
    },
    cluster: options.cluster && {
      ...DEFAULT_CLUSTER,
      ...withoutUndefined(options.cluster),
      replica: options.cluster.replica,
      slices: options.cluster.slices,
      peers: options.cluster.peers,
    },
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
