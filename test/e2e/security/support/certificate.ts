/**
 * A self-signed certificate for 127.0.0.1 / localhost, made with `openssl` at test time and written
 * to a folder, so clients can verify the server against it (`--cacert`, `ssl:ca-file`, `cafile=`).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireTool } from '../../support/tools.js';

const run = promisify(execFile);

export interface CertificateFiles {
  readonly certPath: string;
  readonly cert: string;
  readonly key: string;
}

export async function createCertificate(dir: string, commonName = 'bucketftp e2e'): Promise<CertificateFiles> {
  const openssl = requireTool('openssl');
  const certPath = join(dir, `${commonName.replace(/\W+/g, '-')}.pem`);
  const keyPath = join(dir, `${commonName.replace(/\W+/g, '-')}.key`);
  await run(openssl, [
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
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-keyout',
    keyPath,
    '-out',
    certPath,
  ]);
  return { certPath, cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') };
}
