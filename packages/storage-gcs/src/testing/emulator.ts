/**
 * Starts the GCS emulator (scripts/emulators/gcs/emulator.cjs) on a free loopback port for tests.
 * A missing or broken emulator is an error, never a reason to skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface GcsEmulator {
  /** `http://127.0.0.1:PORT`, for `new Storage({ apiEndpoint })` or the driver's `apiEndpoint`. */
  readonly apiEndpoint: string;
  readonly projectId: string;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('../../../../scripts/emulators/gcs/emulator.cjs', import.meta.url));
const PROJECT_ID = 'demo-bucketftp';
const READY = /gcs emulator listening on (http:\/\/127\.0\.0\.1:\d+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const ATTEMPTS = 3; // a free port can be taken between probing it and the emulator binding it

export async function startGcsEmulator(): Promise<GcsEmulator> {
  if (!existsSync(SCRIPT)) throw new Error(`GCS emulator script not found: ${SCRIPT}`);
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      return await launch(await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`the GCS emulator did not start (${ATTEMPTS} attempts)`, { cause: lastError });
}

async function launch(port: number): Promise<GcsEmulator> {
  // The IPC channel makes the emulator exit when this process goes away, even without stop().
  const child = spawn(process.execPath, [SCRIPT, String(port)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const apiEndpoint = await waitUntilReady(child);
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.resume(); // keep draining its output
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  return { apiEndpoint, projectId: PROJECT_ID, stop: () => stop(child) };
}

function waitUntilReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(new Error(`no readiness line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onStdout = (chunk: Buffer): void => {
      stdout += chunk.toString();
      const ready = READY.exec(stdout);
      if (ready?.[1]) finish(() => resolve(ready[1] as string));
    };
    const onStderr = (chunk: Buffer): void => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(new Error(`the GCS emulator exited (${signal ?? code}) before it was ready: ${stderr.trim()}`));
    const onError = (error: Error): void => fail(error);
    const finish = (settle: () => void): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onStdout);
      child.stderr?.off('data', onStderr);
      child.off('exit', onExit);
      child.off('error', onError);
      settle();
    };
    const fail = (error: Error): void => {
      finish(() => reject(error));
      child.kill('SIGKILL');
    };
    child.stdout?.on('data', onStdout);
    child.stderr?.on('data', onStderr);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
