/**
 * Self-signed certificates for 127.0.0.1 / localhost, made with the `openssl` command at test time
 * (no key material lives in the repository). A missing openssl fails the test run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
  /** SHA-256 fingerprint, to tell two certificates apart in tests. */
  readonly fingerprint: string;
}

/** A fresh RSA-2048 self-signed certificate with subjectAltName IP:127.0.0.1, DNS:localhost. */
export async function createTestCertificate(commonName = 'bucketftp test'): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'bucketftp-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    const { stdout } = await run('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256']);
    return {
      cert: await readFile(cert, 'utf8'),
      key: await readFile(key, 'utf8'),
      fingerprint: stdout.trim().split('=')[1] ?? '',
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let shared: Promise<TestCertificate> | undefined;

/** One certificate shared by the tests of a worker (generating RSA keys takes a moment). */
export function sharedTestCertificate(): Promise<TestCertificate> {
  shared ??= createTestCertificate();
  return shared;
}
