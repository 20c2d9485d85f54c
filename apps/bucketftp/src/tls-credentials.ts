/** The FTPS certificate and key named by `server.tls`, read at start and again on SIGHUP. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TlsCredentials } from '@bucketftp/server';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export async function readTlsCredentials(files: TlsFiles, baseDir: string): Promise<TlsCredentials> {
  const read = async (what: string, path: string) => {
    const absolute = resolve(baseDir, path);
    try {
      return await readFile(absolute);
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} ${absolute} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
    }
  };
  return { cert: await read('certificate', files.certFile), key: await read('key', files.keyFile) };
}
