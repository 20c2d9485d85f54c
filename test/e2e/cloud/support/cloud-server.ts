/**
 * The built `bucketftp` CLI as a child process serving one user from an S3 or GCS bucket, so a test
 * can drive real clients through it and read the process's memory from /proc.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI_BIN, freePort, requireBuiltCli } from '../../support/cli.js';
import { makeTempDir, removeDir } from '../../support/files.js';
import { describeRun, runProgram } from '../../support/run.js';

export const CLOUD_USER = 'cloud';
export const CLOUD_PASSWORD = 'cloud-e2e-secret';

export interface S3Storage {
  readonly driver: 's3';
  readonly bucket: string;
  readonly prefix: string;
  readonly endpoint: string;
  /** The storage's request timeout; default: the app's. */
  readonly requestTimeoutMs?: number;
}

export interface GcsStorage {
  readonly driver: 'gcs';
  readonly bucket: string;
  readonly prefix: string;
  readonly apiEndpoint: string;
  readonly projectId: string;
}

export interface CloudServerOptions {
  readonly storage: S3Storage | GcsStorage;
  /** What a failed upload leaves behind; the app's default is `discard`. */
  readonly partialUploads?: 'discard' | 'keep';
  /** Extra environment of the child (added to this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Drop-box keys of the user (`maxFileSize`, `overwrite`, …), as in the configuration file. */
  readonly fileRules?: Readonly<Record<string, unknown>>;
}

export interface CloudServer {
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** `ftp://user:password@127.0.0.1:port` (no trailing slash). */
  readonly url: string;
  stdout(): string;
  /** SIGTERM (SIGKILL after a grace period); resolves with the exit code. */
  stop(): Promise<number | null>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const running = new Set<ChildProcessWithoutNullStreams>();

// A test run that dies early must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

let hashed: Promise<string> | undefined;

/** The scrypt hash of CLOUD_PASSWORD, made once by `bucketftp hash-password`. */
export function passwordHash(): Promise<string> {
  hashed ??= (async () => {
    requireBuiltCli();
    const result = await runProgram(process.execPath, [CLI_BIN, 'hash-password'], { input: `${CLOUD_PASSWORD}\n`, timeoutMs: 20_000 });
    if (result.code !== 0) throw new Error(`hash-password failed: ${describeRun(result)}`);
    return result.stdout.trim();
  })();
  return hashed;
}

function storageConfig(storage: S3Storage | GcsStorage): Record<string, unknown> {
  if (storage.driver === 's3') {
    return {
      driver: 's3',
      bucket: storage.bucket,
      prefix: storage.prefix,
      region: 'us-east-1',
      endpoint: storage.endpoint,
      forcePathStyle: true,
      // moto checks no signatures: placeholders.
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      ...(storage.requestTimeoutMs !== undefined && { requestTimeoutMs: storage.requestTimeoutMs }),
    };
  }
  return { driver: 'gcs', bucket: storage.bucket, prefix: storage.prefix, projectId: storage.projectId, apiEndpoint: storage.apiEndpoint };
}

/** Writes a configuration for one user on a free loopback port and starts the CLI with it. */
export async function startCloudServer(options: CloudServerOptions): Promise<CloudServer> {
  requireBuiltCli();
  const host = '127.0.0.1';
  const port = await freePort();
  const dir = await makeTempDir('cloud-config');
  const configPath = join(dir, 'bucketftp.yaml');
  const config = {
    server: {
      name: 'bucketftp-e2e-cloud',
      listen: [{ host, port }],
      shutdownGraceMs: 1000,
      limits: { loginFailureDelayMs: 0 },
    },
    logging: { level: 'info', pretty: false },
    // The operations listener (/metrics, /healthz) would take the same fixed port in every server.
    http: { enabled: false },
    users: [
      {
        username: CLOUD_USER,
        passwordHash: await passwordHash(),
        storage: storageConfig(options.storage),
        partialUploads: options.partialUploads ?? 'discard',
        ...options.fileRules,
      },
    ],
  };
  // JSON is YAML too.
  await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
  try {
    const child = await spawnUntilListening(configPath, { AWS_EC2_METADATA_DISABLED: 'true', ...options.env });
    return serverHandle(child, host, port);
  } finally {
    await removeDir(dir);
  }
}

interface Spawned {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<number | null>;
}

function spawnUntilListening(configPath: string, env: NodeJS.ProcessEnv): Promise<Spawned> {
  const child = spawn(process.execPath, [CLI_BIN, '--config', configPath], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  const output = { stdout: '', stderr: '' };
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output.stderr = (output.stderr + text).slice(-20_000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bucketftp did not log "listening" within ${START_TIMEOUT_MS} ms\n${output.stdout}\n${output.stderr}`));
    }, START_TIMEOUT_MS);
    let listening = false;
    child.stdout.on('data', (text: string) => {
      output.stdout = (output.stdout + text).slice(-200_000);
      if (!listening && /"msg":"listening"/.test(output.stdout)) {
        listening = true;
        clearTimeout(timer);
        resolve({ child, output, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      if (!listening) reject(new Error(`bucketftp exited (${code}) before listening\n${output.stdout}\n${output.stderr}`));
    });
  });
}

function serverHandle({ child, output, exited }: Spawned, host: string, port: number): CloudServer {
  if (child.pid === undefined) throw new Error('bucketftp has no process id');
  return {
    pid: child.pid,
    host,
    port,
    username: CLOUD_USER,
    password: CLOUD_PASSWORD,
    url: `ftp://${CLOUD_USER}:${CLOUD_PASSWORD}@${host}:${port}`,
    stdout: () => `${output.stdout}\n${output.stderr}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
