/**
 * Single big transfers go through curl, a client fast enough not to be the bottleneck. The time
 * taken is curl's own: from the end of the pre-transfer commands (login, TYPE, EPSV, RETR/STOR) to
 * the final reply, so it covers the bytes and the server's commit, not process start-up.
 */
import { spawn } from 'node:child_process';

export interface FtpUrl {
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly path: string;
}

export interface CurlTiming {
  /** Seconds spent transferring (time_total − time_pretransfer). */
  readonly seconds: number;
  readonly bytes: number;
}

const WRITE_OUT = '%{time_pretransfer} %{time_total} %{size_download} %{size_upload}';

export function ftpUrl({ port, username, password, path }: FtpUrl): string {
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `ftp://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${port}${encodedPath}`;
}

export async function curlDownload(url: FtpUrl, destination: string): Promise<CurlTiming> {
  return runCurl(['-o', destination, ftpUrl(url)], 'download');
}

export async function curlUpload(source: string, url: FtpUrl): Promise<CurlTiming> {
  return runCurl(['-T', source, ftpUrl(url)], 'upload');
}

/** The same timing over HTTP: the ceiling programs (servers/ceiling-main.ts) speak it. */
export async function curlGet(url: string, destination: string): Promise<CurlTiming> {
  return runCurl(['-o', destination, '--fail', url], 'download');
}

export async function curlPut(source: string, url: string): Promise<CurlTiming> {
  // No "Expect: 100-continue" round trip before the body.
  return runCurl(['-T', source, '--fail', '-H', 'Expect:', '-o', '/dev/null', url], 'upload');
}

function runCurl(args: readonly string[], direction: 'download' | 'upload'): Promise<CurlTiming> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['--silent', '--show-error', '--max-time', '900', '--write-out', WRITE_OUT, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new Error(`curl ${direction} failed (exit ${code}): ${stderr.trim()}`));
        return;
      }
      const [pretransfer, total, downloaded, uploaded] = stdout.trim().split(' ').map(Number);
      if (pretransfer === undefined || total === undefined || downloaded === undefined || uploaded === undefined) {
        reject(new Error(`curl ${direction}: unreadable timing "${stdout}"`));
        return;
      }
      resolve({ seconds: total - pretransfer, bytes: direction === 'download' ? downloaded : uploaded });
    });
  });
}
