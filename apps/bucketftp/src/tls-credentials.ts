/**
 * The FTPS certificate and key named by `server.tls`, read and checked when the configuration is
 * loaded (so `--check-config` sees them), at start and again on SIGHUP. Every problem is one line
 * naming the configuration key: unreadable file, no PEM certificate or key, a key that does not
 * belong to the certificate.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { TlsCredentials } from '@bucketftp/server';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** A certificate or key that cannot be used; the message starts with the configuration key. */
export class TlsFilesError extends Error {
  override readonly name = 'TlsFilesError';
}

export async function readTlsCredentials(files: TlsFiles, baseDir: string): Promise<TlsCredentials> {
  const certPath = resolve(baseDir, files.certFile);
  const keyPath = resolve(baseDir, files.keyFile);
  const credentials = { cert: await read('certFile', certPath), key: await read('keyFile', keyPath) };
  checkPair(credentials, certPath, keyPath);
  return credentials;
}

async function read(key: keyof TlsFiles, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new TlsFilesError(`server.tls.${key}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
}

function checkPair(credentials: { cert: Buffer; key: Buffer }, certPath: string, keyPath: string): void {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(credentials.cert);
  } catch (error) {
    throw new TlsFilesError(`server.tls.certFile: ${certPath} holds no PEM certificate`, { cause: error });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(credentials.key);
  } catch (error) {
    throw new TlsFilesError(`server.tls.keyFile: ${keyPath} holds no unencrypted PEM private key`, { cause: error });
  }
  if (key.asymmetricKeyType !== certificate.publicKey.asymmetricKeyType || !certificate.checkPrivateKey(key)) {
    throw new TlsFilesError(`server.tls.keyFile: the key in ${keyPath} does not belong to the certificate in ${certPath}`);
  }
  try {
    createSecureContext({ cert: credentials.cert, key: credentials.key });
  } catch (error) {
    throw new TlsFilesError(`server.tls: OpenSSL refuses the certificate and key (${(error as Error).message})`, { cause: error });
  }
}
