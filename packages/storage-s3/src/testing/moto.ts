/**
 * Starts the moto S3 emulator (installed by scripts/emulators/moto/install.sh) on a free port of
 * 127.0.0.1 for the tests of one file. A missing installation is an error, never a skip.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { answersOk, startEmulatorProcess } from '@bucketftp/storage/testing';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface MotoServer {
  /** e.g. `http://127.0.0.1:40123`: path-style, region us-east-1, any credentials. */
  readonly endpoint: string;
  /** The emulator's process id (a test may pause it to simulate a stalled backend). */
  readonly pid: number;
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

/** Starts moto and waits until it answers; `stop()` kills it. */
export async function startMoto(): Promise<MotoServer> {
  const dir = motoDirectory();
  assertInstalled(dir);
  const moto = await startEmulatorProcess({
    name: 'moto',
    command: PYTHON,
    args: (port) => ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    env: { PYTHONPATH: sitePackages(dir) },
    ready: (port) => answersOk(`http://127.0.0.1:${port}/`),
    startTimeoutMs: STARTUP_TIMEOUT_MS,
  });
  return { endpoint: `http://127.0.0.1:${moto.port}`, pid: moto.pid, stop: () => moto.stop() };
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

/**
 * Creates a symmetric key in moto's KMS (served on the same endpoint as S3) and returns its ARN.
 * One JSON request of the KMS API; moto checks no signature.
 */
export async function createKmsKey(endpoint: string, description = 'bucketftp test key'): Promise<string> {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'TrentService.CreateKey',
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify({ Description: description }),
  });
  const body = (await response.json()) as { KeyMetadata?: { Arn?: string } };
  const arn = body.KeyMetadata?.Arn;
  if (!response.ok || arn === undefined) throw new Error(`KMS CreateKey failed: ${response.status} ${JSON.stringify(body)}`);
  return arn;
}
