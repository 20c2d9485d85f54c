/**
 * The `bucketftp` command line as a real child process (it runs the built `dist/`, which the test
 * task's `^build` dependency provides), plus the config files and free ports it needs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI_BIN = join(REPO_ROOT, 'apps/bucketftp/bin/bucketftp.js');
export const DEMO_CONFIG = join(REPO_ROOT, 'examples/demo.yaml');

/** Throws unless the app has been built (the bin script imports ../dist/cli.js). */
export function requireBuiltCli(): void {
  if (!existsSync(join(REPO_ROOT, 'apps/bucketftp/dist/cli.js'))) {
    throw new Error('apps/bucketftp/dist/cli.js is missing: run `TURBO_TELEMETRY_DISABLED=1 npx turbo run build` first');
  }
}

/** A port that was free a moment ago (the CLI cannot report a port it picked itself). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface CliUser {
  readonly username: string;
  readonly passwordHash: string;
  readonly root: string;
  readonly demo?: boolean;
}

/** Writes a configuration file (JSON, which is YAML too) serving `users` on 127.0.0.1:`port`. */
export async function writeConfig(path: string, options: { port: number; users: readonly CliUser[]; level?: string }): Promise<void> {
  const config = {
    server: {
      name: 'bucketftp-e2e-cli',
      listen: [{ host: '127.0.0.1', port: options.port }],
      shutdownGraceMs: 1000,
      limits: { loginFailureDelayMs: 0 },
    },
    logging: { level: options.level ?? 'info', pretty: false },
    // Any free port: several servers run at once in the suite (and `npm start` may hold 9090).
    http: { port: 0 },
    users: options.users.map((user) => ({
      username: user.username,
      passwordHash: user.passwordHash,
      demo: user.demo ?? false,
      storage: { driver: 'fs', root: user.root },
    })),
  };
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
}

export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** Starts `bucketftp --config file` and resolves once it logged `listening`. */
export async function startCli(configPath: string, timeoutMs = 15_000): Promise<RunningCli> {
  requireBuiltCli();
  const child = spawn(process.execPath, [CLI_BIN, '--config', configPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bucketftp did not log "listening" within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (text: string) => {
      stdout += text;
      if (/"msg":"listening"/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bucketftp exited (${code}) before listening\n${stdout}\n${stderr}`));
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM', stopTimeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
