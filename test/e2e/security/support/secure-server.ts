/**
 * An in-process FtpServer with FTPS on loopback, serving a fresh local folder through the fs driver
 * (like ../../support/server.ts, plus TLS, an optional implicit-TLS listener and recorded events).
 */
import type { AddressInfo } from 'node:net';
import {
  ALL_PERMISSIONS,
  FtpServer,
  type Authenticator,
  type FtpServerOptions,
  type TlsHandshakeEvent,
  type TlsFailureEvent,
  type TransferRecord,
  type UserAccount,
} from '@bucketftp/server';
import type { StorageDriver } from '@bucketftp/storage';
import { FsDriver } from '@bucketftp/storage-fs';
import { makeTempDir, removeDir } from '../../support/files.js';
import { TEST_PASSWORD, TEST_USER } from '../../support/server.js';
import { createCertificate, type CertificateFiles } from './certificate.js';

export interface SecureServerOptions {
  readonly tls?: Omit<NonNullable<FtpServerOptions['tls']>, 'cert' | 'key'>;
  readonly implicitTls?: boolean;
  readonly limits?: FtpServerOptions['limits'];
  readonly passive?: FtpServerOptions['passive'];
  readonly proxyProtocol?: FtpServerOptions['proxyProtocol'];
  readonly host?: string;
  /** Extra account flags for the test user. */
  readonly account?: Partial<Pick<UserAccount, 'allowFxp' | 'requireTls' | 'maxConnections'>>;
}

export interface SecureServer {
  readonly server: FtpServer;
  readonly root: string;
  readonly host: string;
  readonly port: number;
  /** 0 unless `implicitTls`. */
  readonly implicitPort: number;
  readonly username: string;
  readonly password: string;
  readonly certificate: CertificateFiles;
  readonly handshakes: TlsHandshakeEvent[];
  readonly tlsFailures: TlsFailureEvent[];
  readonly transfers: TransferRecord[];
  readonly sessions: string[];
  close(): Promise<void>;
}

export async function startSecureServer(options: SecureServerOptions = {}): Promise<SecureServer> {
  const root = await makeTempDir('ftps-root');
  const certDir = await makeTempDir('ftps-cert');
  const certificate = await createCertificate(certDir);
  const storage: StorageDriver = new FsDriver({ root });
  const account: UserAccount = { username: TEST_USER, storage, permissions: new Set(ALL_PERMISSIONS), ...options.account };
  const authenticator: Authenticator = {
    async authenticate(request) {
      return request.username === TEST_USER && request.password === TEST_PASSWORD ? account : undefined;
    },
  };
  const handshakes: TlsHandshakeEvent[] = [];
  const tlsFailures: TlsFailureEvent[] = [];
  const transfers: TransferRecord[] = [];
  const sessions: string[] = [];
  const server = new FtpServer({
    authenticator,
    serverName: 'bucketftp-e2e-ftps',
    limits: { loginFailureDelayMs: 0, ...options.limits },
    passive: options.passive,
    proxyProtocol: options.proxyProtocol,
    tls: { cert: certificate.cert, key: certificate.key, ...options.tls },
    observer: {
      tlsHandshake: (event) => handshakes.push(event),
      tlsHandshakeFailed: (event) => tlsFailures.push(event),
      transfer: (record) => transfers.push(record),
      sessionOpened: (event) => sessions.push(event.remoteAddress),
    },
  });
  const host = options.host ?? '127.0.0.1';
  const address: AddressInfo = await server.listen({ host, port: 0 });
  const implicitPort = options.implicitTls ? (await server.listen({ host, port: 0, implicitTls: true })).port : 0;
  return {
    server,
    root,
    host,
    port: address.port,
    implicitPort,
    username: TEST_USER,
    password: TEST_PASSWORD,
    certificate,
    handshakes,
    tlsFailures,
    transfers,
    sessions,
    async close() {
      await server.close({ graceMs: 0 });
      await storage.close?.();
      await removeDir(root);
      await removeDir(certDir);
    },
  };
}

/** The data-channel handshakes recorded so far, as `resumed` flags. */
export function dataResumptions(server: SecureServer): boolean[] {
  return server.handshakes.filter((event) => event.channel === 'data').map((event) => event.resumed);
}
