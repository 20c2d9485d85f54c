/**
 * An in-process FtpServer on loopback serving a fresh local folder through the fs driver, with one
 * user who may do everything.
 */
import type { AddressInfo } from 'node:net';
import { ALL_PERMISSIONS, FtpServer, type Authenticator, type PassiveOptions, type ServerObserver, type UserAccount } from '@bucketftp/server';
import type { StorageDriver } from '@bucketftp/storage';
import { FsDriver } from '@bucketftp/storage-fs';
import { makeTempDir, removeDir } from './files.js';

export interface TestServerOptions {
  readonly username?: string;
  readonly password?: string;
  readonly passive?: PassiveOptions;
  readonly serverName?: string;
  /** Sees transfers, commands and refusals as the engine reports them. */
  readonly observer?: ServerObserver;
  /** The user's storage instead of the fs driver on `root` (closed by `close()`). */
  readonly storage?: StorageDriver;
}

export interface TestServer {
  readonly server: FtpServer;
  /** The user's home folder on disk (virtual `/`), unless another storage was given. */
  readonly root: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** `ftp://user:password@127.0.0.1:port` (no trailing slash). */
  readonly url: string;
  /** Closes the server and removes the folder. */
  close(): Promise<void>;
}

export const TEST_USER = 'tester';
export const TEST_PASSWORD = 'e2e-secret';

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const username = options.username ?? TEST_USER;
  const password = options.password ?? TEST_PASSWORD;
  const root = await makeTempDir('root');
  const storage: StorageDriver = options.storage ?? new FsDriver({ root });
  const account: UserAccount = { username, storage, permissions: new Set(ALL_PERMISSIONS) };
  const authenticator: Authenticator = {
    async authenticate(request) {
      return request.username === username && request.password === password ? account : undefined;
    },
  };
  const server = new FtpServer({
    authenticator,
    serverName: options.serverName ?? 'bucketftp-e2e',
    passive: options.passive,
    observer: options.observer,
    limits: { loginFailureDelayMs: 0 },
  });
  const host = '127.0.0.1';
  const address: AddressInfo = await server.listen({ host, port: 0 });
  return {
    server,
    root,
    host,
    port: address.port,
    username,
    password,
    url: `ftp://${encodeURIComponent(username)}:${encodeURIComponent(password)}@${host}:${address.port}`,
    async close() {
      await server.close({ graceMs: 0 });
      await storage.close?.();
      await removeDir(root);
    },
  };
}
