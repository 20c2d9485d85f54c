/**
 * A real FtpServer on 127.0.0.1 with one MemoryDriver-backed account (alice / secret), for
 * session-level tests over real sockets. `stop()` closes every client it handed out, then the server.
 */
import { MemoryDriver, type PartialUploadPolicy, type StorageDriver } from '@bucketftp/storage';
import { ALL_PERMISSIONS, type Authenticator, type LoginRequest, type Permission, type UserAccount } from '../auth.js';
import type { Logger } from '../logger.js';
import type { ServerObserver } from '../observer.js';
import type { BanOptions, LimitOptions, PassiveOptions, ProxyProtocolOptions, TlsOptions } from '../options.js';
import { FtpServer } from '../server.js';
import { ControlClient } from './control-client.js';

export interface TestServerOptions {
  /** The account's storage (default a MemoryDriver; a subclass that misbehaves on purpose, or another driver). */
  readonly storage?: StorageDriver;
  readonly permissions?: Iterable<Permission>;
  readonly allowFxp?: boolean;
  readonly partialUploads?: PartialUploadPolicy;
  readonly limits?: LimitOptions;
  readonly passive?: PassiveOptions;
  readonly serverName?: string;
  readonly observer?: ServerObserver;
  /** Aborting it revokes the account (as a users-file reload does). */
  readonly revoked?: AbortSignal;
  /** The account's own session limit (UserAccount.maxConnections). */
  readonly maxConnections?: number;
  /** The account may only log in over TLS (UserAccount.requireTls). */
  readonly requireTls?: boolean;
  /** Default: bans off, so tests with failed logins do not ban 127.0.0.1. */
  readonly bans?: BanOptions;
  readonly tls?: TlsOptions;
  readonly proxyProtocol?: ProxyProtocolOptions;
  /** Also listen for implicit FTPS (needs `tls`); its port is `implicitPort`. */
  readonly implicitTls?: boolean;
  readonly logger?: Logger;
  /** Address to listen on (default 127.0.0.1; any of 127.0.0.0/8 works on Linux). */
  readonly host?: string;
  /** Runs before the password check (`alice`/`secret`): a throw is the identity backend failing. */
  readonly beforeAuthenticate?: (request: LoginRequest) => void;
}

export interface TestServer {
  readonly server: FtpServer;
  readonly port: number;
  /** The implicit-FTPS listener's port (0 unless `implicitTls`). */
  readonly implicitPort: number;
  readonly storage: StorageDriver;
  /** Opens a control connection and reads the greeting. */
  connect(options?: { localAddress?: string; implicitTls?: boolean }): Promise<ControlClient>;
  /** connect() + USER/PASS. */
  login(): Promise<ControlClient>;
  stop(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const storage = options.storage ?? new MemoryDriver();
  const account: UserAccount = {
    username: 'alice',
    storage,
    permissions: new Set(options.permissions ?? ALL_PERMISSIONS),
    allowFxp: options.allowFxp ?? false,
    partialUploads: options.partialUploads ?? 'discard',
    revoked: options.revoked,
    maxConnections: options.maxConnections,
    requireTls: options.requireTls,
  };
  const authenticator: Authenticator = {
    async authenticate(request) {
      options.beforeAuthenticate?.(request);
      const { username, password } = request;
      return username === 'alice' && password === 'secret' ? account : undefined;
    },
  };
  const server = new FtpServer({
    authenticator,
    serverName: options.serverName ?? 'testftp',
    passive: options.passive,
    limits: { loginFailureDelayMs: 0, ...options.limits },
    bans: { maxFailures: 0, ...options.bans },
    tls: options.tls,
    proxyProtocol: options.proxyProtocol,
    observer: options.observer,
    logger: options.logger,
  });
  const host = options.host ?? '127.0.0.1';
  const { port } = await server.listen({ host, port: 0 });
  const implicitPort = options.implicitTls ? (await server.listen({ host, port: 0, implicitTls: true })).port : 0;
  const clients = new Set<ControlClient>();

  const connect = async (connectOptions: { localAddress?: string; implicitTls?: boolean } = {}): Promise<ControlClient> => {
    const client = await ControlClient.connect({
      host,
      port: connectOptions.implicitTls ? implicitPort : port,
      localAddress: connectOptions.localAddress,
      implicitTls: connectOptions.implicitTls,
    });
    clients.add(client);
    const greeting = await client.reply();
    if (greeting.code !== 220) throw new Error(`unexpected greeting ${greeting.lines.join(' / ')}`);
    return client;
  };

  return {
    server,
    port,
    implicitPort,
    storage,
    connect,
    async login() {
      const client = await connect();
      await client.login();
      return client;
    },
    async stop() {
      for (const client of clients) client.destroy();
      await server.close();
    },
  };
}
