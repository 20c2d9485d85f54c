/**
 * Servers run as child processes (so their memory can be read from /proc), each writing its output
 * to a log file. A server counts as up once its port answers with a 220 greeting (or passes the
 * check its spec gives).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export const HOST = '127.0.0.1';

export interface ChildServer {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface ChildSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly port: number;
  readonly logFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly readyTimeoutMs?: number;
  /** Whether the child is up; default: its port greets with a 220 like an FTP server. */
  readonly isReady?: (port: number) => Promise<boolean>;
}

const live = new Set<ChildProcess>();

/** Starts the child and resolves once it greets on its port; a child that exits first is an error. */
export async function startChild(spec: ChildSpec): Promise<ChildServer> {
  const log = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
  const stop = () => stopChild(child);
  try {
    await waitForGreeting(child, spec);
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new Error(`${spec.name}: no pid`);
  return { name: spec.name, pid: child.pid, port: spec.port, logFile: spec.logFile, stop };
}

async function waitForGreeting(child: ChildProcess, spec: ChildSpec): Promise<void> {
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 30_000);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  for (;;) {
    if (spawnError) throw new Error(`${spec.name} could not be started: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${spec.name} exited (${child.exitCode ?? child.signalCode}) before greeting:\n${tail(spec.logFile)}`);
    }
    if (await (spec.isReady ?? greets)(spec.port)) return;
    if (Date.now() > deadline) throw new Error(`${spec.name} did not greet on port ${spec.port} in time:\n${tail(spec.logFile)}`);
    await delay(100);
  }
}

/** Connects, reads the first reply line and says QUIT; true when it was a 220. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (!text.includes('\r\n')) return;
      socket.end('QUIT\r\n');
      done(text.startsWith('220'));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Kills every child still running (an interrupted run must not leave servers behind). */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: 0 }, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-3000);
  } catch {
    return '(no log)';
  }
}
