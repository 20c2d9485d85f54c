/**
 * The built `bucketftp` process for the app's end-to-end tests: configuration files written from
 * objects (JSON is YAML), a child process whose log lines can be awaited, and small HTTP and FTP
 * helpers for the operations endpoints and the wire.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { hashPassword } from 'bucketftp';
import { CLI_BIN, freePort, requireBuiltCli } from '../../support/cli.js';

export { freePort } from '../../support/cli.js';

/** A cheap scrypt cost: these hashes only protect test passwords. */
export function testHash(password: string): Promise<string> {
  return hashPassword(password, { ln: 10, r: 8, p: 1 });
}

export interface Ports {
  readonly ftp: number;
  readonly http: number;
}

export async function freePorts(): Promise<Ports> {
  return { ftp: await freePort(), http: await freePort() };
}

/** The settings every app test shares: loopback listeners on `ports`, JSON logs, no login delay. */
export function baseConfig(ports: Ports, extra: { server?: Record<string, unknown>; http?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    server: {
      name: 'bucketftp-e2e-app',
      listen: [{ host: '127.0.0.1', port: ports.ftp }],
      shutdownGraceMs: 2000,
      limits: { loginFailureDelayMs: 0 },
      ...extra.server,
    },
    logging: { level: 'info', pretty: false },
    http: { host: '127.0.0.1', port: ports.http, readyCacheMs: 100, ...extra.http },
  };
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

export interface LogLine {
  readonly msg?: string;
  readonly level?: number;
  readonly [key: string]: unknown;
}

export interface RunningApp {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  /** Every JSON log line so far. */
  logs(): LogLine[];
  stderr(): string;
  /** Resolves with the first log line (already written or still to come) matching `match`. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code (null when ended by a signal). */
  exited(): Promise<number | null>;
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM (SIGKILL after `timeoutMs`); resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `bucketftp --config file` and resolves once it logged `listening`. */
export async function startApp(configPath: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunningApp> {
  requireBuiltCli();
  const child = spawn(process.execPath, [CLI_BIN, '--config', configPath], {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: LogLine[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  let partial = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    partial += text;
    let end: number;
    while ((end = partial.indexOf('\n')) !== -1) {
      const raw = partial.slice(0, end);
      partial = partial.slice(end + 1);
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        line = { msg: raw };
      }
      lines.push(line);
      for (const waiter of waiters) {
        if (!waiter.match(line)) continue;
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );

  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> => {
    const found = lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no matching log line within ${timeoutMs} ms\n${lines.map((line) => JSON.stringify(line)).join('\n')}\n${stderr}`));
      }, timeoutMs);
      waiters.add(waiter);
      void exit.then((code) => {
        if (!waiters.has(waiter)) return;
        waiters.delete(waiter);
        clearTimeout(timer);
        reject(new Error(`bucketftp exited (${code}) first\n${lines.map((line) => JSON.stringify(line)).join('\n')}\n${stderr}`));
      });
    });
  };

  await waitForLog((line) => line.msg === 'listening', options.timeoutMs ?? 15_000);
  return {
    child,
    pid: child.pid!,
    logs: () => [...lines],
    stderr: () => stderr,
    waitForLog,
    exited: () => exit,
    signal: (signal) => child.kill(signal),
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exit;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

export async function httpGet(port: number, path: string): Promise<HttpAnswer> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, text, json: <T>() => JSON.parse(text) as T };
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The value of one sample in a Prometheus text exposition, e.g. `metric('…{direction="upload"}')`. */
export function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}
