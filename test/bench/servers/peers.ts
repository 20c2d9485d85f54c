/**
 * The Go servers users pick instead of bucketftp, serving the same folder or bucket prefix to the
 * same user: rclone (`serve ftp`) and SFTPGo (portable mode). Built and cached by
 * scripts/install-bench-deps.sh; a missing binary makes the scenario report them as unavailable.
 */
import { existsSync } from 'node:fs';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { freePort, HOST, startChild, type ChildServer } from '../lib/processes.js';
import type { BenchStorage } from './bucketftp.js';

const TOOLS = process.env['BUCKETFTP_TOOLS_DIR'] ?? '/opt/bucketftp/bin';
export const RCLONE = 'rclone';
export const SFTPGO = 'sftpgo';
export const PEERS = [RCLONE, SFTPGO] as const;
export type Peer = (typeof PEERS)[number];

/** Why a peer cannot run here, or undefined when its binary is installed. */
export function peerMissing(peer: Peer): string | undefined {
  return existsSync(join(TOOLS, peer)) ? undefined : `${peer} is not installed: run scripts/install-bench-deps.sh`;
}

export function startPeer(peer: Peer, context: BenchContext, label: string, storage: BenchStorage): Promise<ChildServer> {
  return peer === RCLONE ? startRclone(context, label, storage) : startSftpgo(context, label, storage);
}

/** `rclone serve ftp` with its defaults (no VFS cache: uploads stream to the remote). */
async function startRclone(context: BenchContext, label: string, storage: BenchStorage): Promise<ChildServer> {
  const dir = await context.makeDir(`rclone-${label}`);
  const port = await freePort();
  const configFile = join(dir, 'rclone.conf');
  await writeFile(configFile, '');
  const env: NodeJS.ProcessEnv = { ...process.env, RCLONE_CONFIG: configFile };
  let target: string;
  if (storage.driver === 'fs') target = storage.root;
  else if (storage.driver === 's3') {
    Object.assign(env, {
      RCLONE_CONFIG_BENCH_TYPE: 's3',
      RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
      RCLONE_CONFIG_BENCH_ENDPOINT: storage.endpoint,
      RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
      RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'test',
      RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'test',
      RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
    });
    target = `bench:${storage.bucket}/${storage.prefix}`;
  } else {
    Object.assign(env, {
      RCLONE_CONFIG_BENCH_TYPE: 'google cloud storage',
      RCLONE_CONFIG_BENCH_ENDPOINT: `${storage.apiEndpoint}/storage/v1/`,
      RCLONE_CONFIG_BENCH_ANONYMOUS: 'true',
      RCLONE_CONFIG_BENCH_PROJECT_NUMBER: storage.projectId,
    });
    target = `bench:${storage.bucket}/${storage.prefix}`;
  }
  const { username, password } = context.credentials;
  return startChild({
    name: `rclone (${label})`,
    command: join(TOOLS, 'rclone'),
    args: ['serve', 'ftp', target, '--addr', `${HOST}:${port}`, '--user', username, '--pass', password, '--log-level', 'NOTICE'],
    port,
    env,
    logFile: join(dir, 'server.log'),
  });
}

/** SFTPGo's portable mode: one user, FTP only, the storage given on the command line. */
async function startSftpgo(context: BenchContext, label: string, storage: BenchStorage): Promise<ChildServer> {
  const dir = await context.makeDir(`sftpgo-${label}`);
  const port = await freePort();
  const { username, password } = context.credentials;
  const env: NodeJS.ProcessEnv = { ...process.env, SFTPGO_HTTPD__TEMPLATES_PATH: join(TOOLS, 'sftpgo.d/templates') };
  const args = ['portable', '--config-dir', dir, '--ftpd-port', String(port), '--sftpd-port', '-1', '-u', username, '-p', password, '-g', '*', '--log-file-path', join(dir, 'sftpgo.log'), '--log-level', 'info'];
  if (storage.driver === 'fs') args.push('-d', storage.root);
  else if (storage.driver === 's3') {
    args.push('-d', dir, '-f', 's3fs', '--s3-bucket', storage.bucket, '--s3-region', 'us-east-1', '--s3-access-key', 'test', '--s3-access-secret', 'test');
    args.push('--s3-endpoint', storage.endpoint, '--s3-force-path-style', '--s3-key-prefix', `${storage.prefix}/`);
  } else {
    // The Go client library talks to the emulator named here, without credentials.
    env['STORAGE_EMULATOR_HOST'] = storage.apiEndpoint.replace(/^https?:\/\//, '');
    args.push('-d', dir, '-f', 'gcsfs', '--gcs-bucket', storage.bucket, '--gcs-key-prefix', `${storage.prefix}/`, '--gcs-automatic-credentials', '1');
  }
  return startChild({ name: `sftpgo (${label})`, command: join(TOOLS, 'sftpgo'), args, port, env, cwd: dir, logFile: join(dir, 'server.log') });
}

/**
 * The Go peers that can run here for this storage, started; in a smoke run none. A peer that is
 * not installed or does not start is reported as unavailable and left out of the scenario.
 */
export async function startPeers(context: BenchContext, label: string, storage: BenchStorage): Promise<[Peer, ChildServer][]> {
  if (!context.peers) return [];
  const started: [Peer, ChildServer][] = [];
  for (const peer of PEERS) {
    const missing = peerMissing(peer);
    if (missing !== undefined) {
      context.unavailable(peer, missing);
      continue;
    }
    try {
      started.push([peer, await startPeer(peer, context, label, storage)]);
    } catch (error) {
      context.unavailable(`${peer} (${label})`, (error as Error).message.split('\n')[0] ?? 'did not start');
    }
  }
  return started;
}

/**
 * SFTPGo as a service (`sftpgo serve`) with users `${username}0` … `${username}${count - 1}` on a
 * local folder, loaded from a data dump into its in-memory provider (which hashes the passwords
 * with its default algorithm on load). For the logins scenario; `undefined` when not installed.
 */
export async function startSftpgoUsers(context: BenchContext, root: string, count: number): Promise<ChildServer | undefined> {
  const missing = peerMissing(SFTPGO);
  if (missing !== undefined) {
    context.unavailable(SFTPGO, missing);
    return undefined;
  }
  const dir = await context.makeDir('sftpgo-users');
  const port = await freePort();
  const { username, password } = context.credentials;
  const users = Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    status: 1,
    username: `${username}${index}`,
    password,
    home_dir: root,
    permissions: { '/': ['*'] },
    filesystem: { provider: 0 },
  }));
  const dump = join(dir, 'users.json');
  await writeFile(dump, JSON.stringify({ users, folders: [], groups: [], admins: [], version: 16 }));
  await symlink(join(TOOLS, 'sftpgo.d/templates'), join(dir, 'templates'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SFTPGO_DATA_PROVIDER__DRIVER: 'memory',
    SFTPGO_DATA_PROVIDER__NAME: dump,
    SFTPGO_FTPD__BINDINGS__0__ADDRESS: HOST,
    SFTPGO_FTPD__BINDINGS__0__PORT: String(port),
    SFTPGO_SFTPD__BINDINGS__0__PORT: '0',
    SFTPGO_HTTPD__BINDINGS__0__PORT: '0',
    SFTPGO_TELEMETRY__BIND_PORT: '0',
    SFTPGO_COMMON__DEFENDER__ENABLED: 'false',
    // Every bench client comes from 127.0.0.1.
    SFTPGO_COMMON__MAX_PER_HOST_CONNECTIONS: '0',
    SFTPGO_COMMON__MAX_TOTAL_CONNECTIONS: '0',
  };
  return startChild({
    name: 'sftpgo (users)',
    command: join(TOOLS, 'sftpgo'),
    args: ['serve', '--config-dir', dir, '--log-file-path', join(dir, 'sftpgo.log'), '--log-level', 'info'],
    port,
    env,
    cwd: dir,
    logFile: join(dir, 'server.log'),
  });
}
