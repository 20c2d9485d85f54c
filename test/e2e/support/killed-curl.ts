/**
 * `curl -T` killed in the middle of an upload, as a client process that dies: its kernel closes the
 * data and the control connection with a FIN each. The upload is slowed down so that it is still
 * running when the server reports enough bytes received; then curl gets SIGKILL.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FtpServer } from '@bucketftp/server';
import { requireTool } from './tools.js';

/** Generous: a loaded machine may take long to start curl and log in. */
const WAIT_MS = 30_000;

export interface KilledUpload {
  /** Bytes the server had read when curl was killed. */
  readonly bytesBeforeKill: number;
}

/**
 * Uploads `source` to `url` with curl at `rateBytesPerSecond`, kills curl once `server` reports at
 * least `killAfterBytes` read for the upload, and resolves once the server's transfer has ended.
 */
export async function killCurlDuringUpload(
  server: FtpServer,
  options: { source: string; url: string; rateBytesPerSecond: number; killAfterBytes: number },
): Promise<KilledUpload> {
  const curl = spawn(requireTool('curl'), ['--silent', '--limit-rate', String(options.rateBytesPerSecond), '-T', options.source, options.url], {
    stdio: 'ignore',
  });
  const exited = once(curl, 'exit');
  try {
    const bytesBeforeKill = await until(() => {
      const upload = server.activeTransfers().find((transfer) => transfer.command === 'STOR');
      return upload && upload.bytes >= options.killAfterBytes ? upload.bytes : undefined;
    }, 'the upload to reach the kill point');
    curl.kill('SIGKILL');
    await exited;
    await until(() => (server.activeTransfers().length === 0 ? true : undefined), 'the server to end the transfer');
    return { bytesBeforeKill };
  } finally {
    if (curl.exitCode === null && curl.signalCode === null) curl.kill('SIGKILL');
  }
}

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}
