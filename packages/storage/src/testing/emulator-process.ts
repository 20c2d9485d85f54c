/**
 * Runs an emulator program (moto, fake-gcs-server, …) on a free loopback port for the tests of one
 * file: start, wait until it answers, stop. A missing program is an error, never a skip.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export interface EmulatorProcess {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface EmulatorLaunch {
  /** Names the emulator in errors. */
  readonly name: string;
  readonly command: string;
  readonly args: (port: number) => string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Resolves true once the emulator on `port` serves requests. */
  readonly ready: (port: number) => Promise<boolean>;
  readonly startTimeoutMs?: number;
}

const STOP_GRACE_MS = 5_000;
const ATTEMPTS = 3; // a free port can be taken between probing it and the emulator binding it
const running = new Set<ChildProcess>();

// No emulator outlives the test process, even when a test file forgets to stop it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when `url` answers with a 2xx status within a second. */
export async function answersOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function startEmulatorProcess(launch: EmulatorLaunch): Promise<EmulatorProcess> {
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      return await launchOnce(launch, await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`${launch.name} did not start (${ATTEMPTS} attempts)`, { cause: lastError });
}

async function launchOnce(launch: EmulatorLaunch, port: number): Promise<EmulatorProcess> {
  const options: SpawnOptions = { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...launch.env } };
  const child = spawn(launch.command, launch.args(port), options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + (launch.startTimeoutMs ?? 20_000);
  for (;;) {
    const failed = await Promise.race([spawnError, delay(0).then(() => undefined)]);
    if (failed) throw new Error(`${launch.name} could not be started (${launch.command}): ${failed.message}`);
    if (await launch.ready(port)) break;
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${launch.name} did not start on port ${port}:\n${output.trim()}`);
    }
    await delay(100);
  }
  return { port, pid: child.pid ?? 0, stop: () => stopChild(child) };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGCONT'); // a test may have paused it to simulate a stalled backend
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited(child).then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited(child);
  }
}
