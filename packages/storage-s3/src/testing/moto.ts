/**
 * Starts the moto S3 emulator (installed by scripts/emulators/moto/install.sh) on a free port of
 * 127.0.0.1 for the tests of one file. A missing installation is an error, never a skip.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface MotoServer {
  /** e.g. `http://127.0.0.1:40123`: path-style, region us-east-1, any credentials. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

const PYTHON = '/usr/bin/python3'; // Debian's interpreter, the one moto's dependencies are installed for
const STARTUP_TIMEOUT_MS = 20_000;

function motoDirectory(): string {
  return process.env.BUCKETFTP_MOTO_DIR ?? '/opt/bucketftp/moto';
}

function sitePackages(dir: string): string {
  return join(dir, 'usr', 'lib', 'python3', 'dist-packages');
}

function assertInstalled(dir: string): void {
  if (existsSync(PYTHON) && existsSync(join(sitePackages(dir), 'moto', 'server.py'))) return;
  const where = `moto (the S3 emulator) is not installed in ${dir}`;
  if (process.env.CI === 'true') throw new Error(`${where}; CI must install it before the tests run`);
  throw new Error(`${where}. Install it with: sudo scripts/emulators/moto/install.sh (or set BUCKETFTP_MOTO_DIR)`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killed = await Promise.race([exited(child).then(() => true), delay(5000).then(() => false)]);
  if (!killed) {
    child.kill('SIGKILL');
    await exited(child);
  }
}

/** Starts moto and waits until it answers; `stop()` kills it. */
export async function startMoto(): Promise<MotoServer> {
  const dir = motoDirectory();
  assertInstalled(dir);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, PYTHONPATH: sitePackages(dir) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    output = (output + text).slice(-4000);
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`moto did not start on ${endpoint}:\n${output}`);
    }
    await delay(100);
  }
  return { endpoint, stop: () => stopProcess(child) };
}

/** An SDK client for a moto endpoint (moto checks no signatures; these credentials are placeholders). */
export function motoClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** Creates a bucket with a fresh name and returns the name. */
export async function createBucket(client: S3Client, namePrefix = 'test'): Promise<string> {
  const bucket = `${namePrefix}-${randomUUID()}`.toLowerCase().slice(0, 63);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}
