/**
 * Python's ftplib in passive and active mode: byte-exact STOR/RETR, NLST, MLSD, and ABOR during a
 * long RETR (sent as urgent data, which on Linux loses its final LF, so the server must end the line
 * at the CR).
 */
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram } from './support/run.js';
import { makeTempDir, removeDir, sha256File, writePatternFile } from './support/files.js';
import { startTestServer, type TestServer } from './support/server.js';
import { requireTool } from './support/tools.js';

const SCRIPT = fileURLToPath(new URL('./scripts/ftplib_session.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const BIG_SIZE = 32 * 1024 * 1024;
const MTIME = new Date('2022-02-03T04:05:06Z');

interface SessionResult {
  stor: string;
  retr: string;
  nlst: string[];
  mlsd: Record<string, { type?: string; size?: string; modify?: string }>;
  abort: { received: number; replies: [string, string | null] };
  noop: string;
  nlst_after_abort: string[];
  retr_after_abort: string;
  quit: string;
}

describe('Python ftplib', () => {
  let server: TestServer;
  let python: string;

  beforeAll(async () => {
    python = requireTool(PYTHON);
    server = await startTestServer();
    await writePatternFile(join(server.root, 'download.bin'), 2 * 1024 * 1024 + 99, 'ftplib-download');
    await utimes(join(server.root, 'download.bin'), MTIME, MTIME);
    await writePatternFile(join(server.root, 'big.bin'), BIG_SIZE, 'ftplib-big');
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['passive', 'active'])('transfers, lists and aborts in %s mode', async (mode) => {
    const local = await makeTempDir(`ftplib-${mode}`);
    try {
      await writePatternFile(join(local, 'upload.bin'), 1024 * 1024 + 1, `ftplib-upload-${mode}`);
      const run = await runProgram(python, [SCRIPT, server.host, String(server.port), server.username, server.password, mode, local], {
        timeoutMs: 40_000,
      });
      expect(run.code, describeRun(run)).toBe(0);
      const result = JSON.parse(run.stdout) as SessionResult;

      expect(result.stor).toMatch(/^226 /);
      expect(result.retr).toMatch(/^226 /);
      expect(await sha256File(join(server.root, 'upload.bin'))).toBe(await sha256File(join(local, 'upload.bin')));
      const expectedDownload = await sha256File(join(server.root, 'download.bin'));
      expect(await sha256File(join(local, 'download.bin'))).toBe(expectedDownload);

      expect(result.nlst).toEqual(['big.bin', 'download.bin', 'upload.bin']);
      expect(result.mlsd['download.bin']).toEqual({ type: 'file', size: String(2 * 1024 * 1024 + 99), modify: '20220203040506' });
      expect(result.mlsd['big.bin']).toMatchObject({ type: 'file', size: String(BIG_SIZE) });
      expect(Object.keys(result.mlsd).sort()).toEqual(['big.bin', 'download.bin', 'upload.bin']);

      expect(result.abort.received).toBeGreaterThan(0);
      expect(result.abort.received).toBeLessThan(BIG_SIZE);
      expect(result.abort.replies[0]).toMatch(/^426 /);
      expect(result.abort.replies[1]).toMatch(/^226 /);
      expect(result.noop).toMatch(/^200 /);
      expect(result.nlst_after_abort).toEqual(['big.bin', 'download.bin', 'upload.bin']);
      expect(result.retr_after_abort).toMatch(/^226 /);
      expect(await sha256File(join(local, 'download-again.bin'))).toBe(expectedDownload);
      expect(result.quit).toMatch(/^221[- ]/);
      expect(result.quit).toMatch(/^221 Goodbye\.$/m);
    } finally {
      await removeDir(local);
    }
  });
});
