/**
 * Ctrl-C during a tnftp `get`: tnftp sends Telnet IP inline, IAC as TCP urgent data and then
 * "DM ABOR CRLF" (RFC 959 §4.1.3, RFC 854 Synch). The kernel takes the urgent IAC out of the stream,
 * so the server sees a lone DM before ABOR; it must still abort the transfer at once (426, 226)
 * instead of sending the whole file and answering 501 afterwards.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TransferRecord } from '@bucketftp/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writePatternFile } from './support/files.js';
import { startTestServer, type TestServer } from './support/server.js';
import { requireTool } from './support/tools.js';

const BIG_SIZE = 64 * 1024 * 1024;
/** tnftp's own download rate limit (bytes/s), so the transfer is still running when Ctrl-C comes. */
const RATE = 256 * 1024;

interface Interrupted {
  readonly stdout: string;
  readonly code: number | null;
}

/** Runs tnftp with `commands`, sends SIGINT once the download has written some bytes, then lets it finish. */
function runAndInterrupt(tnftp: string, commands: readonly string[], cwd: string, localFile: string): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(tnftp, ['-n', '-v'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    const deadline = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const poll = setInterval(() => {
      if (!stdout.includes('150 ')) return;
      stat(localFile).then(
        (info) => {
          if (info.size === 0) return;
          clearInterval(poll);
          child.kill('SIGINT');
        },
        () => undefined,
      );
    }, 100);
    child.once('error', (error) => {
      clearTimeout(deadline);
      clearInterval(poll);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(deadline);
      clearInterval(poll);
      resolve({ stdout, code });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${commands.join('\n')}\n`);
  });
}

describe('tnftp Ctrl-C during get', () => {
  let server: TestServer;
  let local: string;
  let result: Interrupted;
  const transfers: TransferRecord[] = [];

  beforeAll(async () => {
    const tnftp = requireTool('tnftp');
    server = await startTestServer({ observer: { transfer: (record) => transfers.push(record) } });
    await writePatternFile(join(server.root, 'big.bin'), BIG_SIZE, 'tnftp-abort');
    local = await makeTempDir('tnftp-abort');
    const commands = [
      `open ${server.host} ${server.port}`,
      `user ${server.username} ${server.password}`,
      'bin',
      `rate get ${RATE}`,
      'get big.bin',
      'pwd',
      'quit',
    ];
    result = await runAndInterrupt(tnftp, commands, local, join(local, 'big.bin'));
  }, 150_000);
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  it('aborts the transfer: 426 then 226, and the session goes on', () => {
    const lines = result.stdout.split('\n');
    const opening = lines.findIndex((line) => line.startsWith('150 '));
    expect(opening, result.stdout).toBeGreaterThanOrEqual(0);
    const aborted = lines.findIndex((line, i) => i > opening && line.startsWith('426 '));
    expect(aborted, result.stdout).toBeGreaterThan(opening);
    const completed = lines.findIndex((line, i) => i > aborted && line.startsWith('226 '));
    expect(completed, result.stdout).toBeGreaterThan(aborted);
    expect(result.stdout).toMatch(/^Remote directory: \/$/m);
    expect(result.stdout).toMatch(/^221 /m);
  });

  it('never answers the abort sequence with a syntax error', () => {
    expect(result.stdout).not.toMatch(/^50[01] /m);
  });

  it('stops sending: the server reports the RETR aborted after part of the file', () => {
    const retr = transfers.find((record) => record.command === 'RETR');
    expect(retr).toMatchObject({ path: '/big.bin', result: 'aborted' });
    expect(retr?.bytes).toBeLessThan(BIG_SIZE);
  });
});
