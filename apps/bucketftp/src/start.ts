/** Starts a server from a loaded configuration: drivers, users, listeners, and a drain on SIGTERM. */
import type { AddressInfo } from 'node:net';
import { FtpServer, type Logger } from '@bucketftp/server';
import { ConfigAuthenticator } from './auth/config-authenticator.js';
import type { LoadedConfig } from './config/load.js';
import { createDriver } from './storage/create-driver.js';

export interface RunningServer {
  readonly server: FtpServer;
  readonly addresses: readonly AddressInfo[];
  /** Stops accepting, drains within the configured grace period, closes drivers. */
  stop(): Promise<void>;
}

export async function startServer(loaded: LoadedConfig, logger: Logger): Promise<RunningServer> {
  const { config, baseDir } = loaded;
  const users = await Promise.all(
    config.users.map(async (user) => ({ config: user, storage: await createDriver(user.storage, baseDir) })),
  );
  const server = new FtpServer({
    authenticator: new ConfigAuthenticator(users),
    logger,
    serverName: config.server.name,
    passive: config.server.passive,
    limits: config.server.limits,
  });
  const addresses: AddressInfo[] = [];
  for (const address of config.server.listen) addresses.push(await server.listen(address));
  return {
    server,
    addresses,
    async stop() {
      await server.close({ graceMs: config.server.shutdownGraceMs });
      await Promise.all(users.map(async (user) => user.storage.close?.()));
    },
  };
}
