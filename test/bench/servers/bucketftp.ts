/**
 * bucketftp as users run it: the `bucketftp` command from the built dist/ with a generated
 * configuration file (JSON, which is YAML too) holding one user.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { freePort, HOST, startChild, type ChildServer } from '../lib/processes.js';
import { CLI_BIN, cliNodeFlags, requireBuild } from '../lib/repo.js';

export type BenchStorage =
  | { readonly driver: 'fs'; readonly root: string; readonly durable?: boolean }
  | { readonly driver: 's3'; readonly endpoint: string; readonly bucket: string; readonly prefix: string }
  | { readonly driver: 'gcs'; readonly apiEndpoint: string; readonly projectId: string; readonly bucket: string; readonly prefix: string };

export interface BenchUser {
  readonly username: string;
  readonly passwordHash: string;
}

/** `users`: who may log in (default: the bench's one user), all on the same storage. */
export async function startBucketftp(context: BenchContext, label: string, storage: BenchStorage, users?: readonly BenchUser[]): Promise<ChildServer> {
  requireBuild();
  const dir = await context.makeDir(`bucketftp-${label}`);
  const port = await freePort();
  const config = {
    // Every bench client comes from the one loopback address (the concurrent scenario runs 200).
    server: { name: 'bucketftp-bench', listen: [{ host: HOST, port }], limits: { maxConnectionsPerAddress: 0 }, shutdownGraceMs: 1000 },
    logging: { level: 'info', pretty: false },
    // The operations listener (/metrics, /healthz) runs as in production, on a port of its own.
    http: { host: HOST, port: await freePort() },
    users: (users ?? [{ username: context.credentials.username, passwordHash: await context.passwordHash() }]).map((user) => ({
      ...user,
      storage: storageConfig(storage),
    })),
  };
  const configPath = join(dir, 'config.yaml');
  await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return startChild({
    name: `bucketftp (${label})`,
    command: process.execPath,
    args: [...profilerFlags(context, label), ...cliNodeFlags(), CLI_BIN, '--config', configPath],
    port,
    logFile: join(dir, 'server.log'),
  });
}

function profilerFlags(context: BenchContext, label: string): string[] {
  if (context.profileDir === undefined) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${join(context.profileDir, label)}`];
}

function storageConfig(storage: BenchStorage): object {
  if (storage.driver !== 's3') return storage;
  return {
    ...storage,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, // moto checks no signatures
  };
}
