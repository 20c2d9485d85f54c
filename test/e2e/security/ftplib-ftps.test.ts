/**
 * Python's ftplib.FTP_TLS: AUTH TLS with the certificate verified, PROT P, byte-exact STOR/RETR,
 * NLST and MLSD in passive and active mode. ftplib wraps each data connection in a fresh TLS
 * session (it never passes the control session on), so a server that requires session reuse
 * refuses its transfers — measured here, and the reason requireDataSessionReuse defaults to false.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram } from '../support/run.js';
import { makeTempDir, removeDir, sha256File, writePatternFile } from '../support/files.js';
import { requireTool } from '../support/tools.js';
import { dataResumptions, startSecureServer, type SecureServer } from './support/secure-server.js';

const SCRIPT = fileURLToPath(new URL('./scripts/ftplib_tls_session.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

interface SessionResult {
  login: string;
  prot: string;
  stor?: string;
  retr?: string;
  nlst?: string[];
  mlsd?: string[];
  refused?: string;
  after_refusal?: string;
  quit: string;
}

async function runSession(python: string, server: SecureServer, mode: 'passive' | 'active', local: string): Promise<SessionResult> {
  const args = [SCRIPT, '127.0.0.1', String(server.port), server.username, server.password, server.certificate.certPath, mode, local];
  const run = await runProgram(python, args, { timeoutMs: 40_000 });
  expect(run.code, describeRun(run)).toBe(0);
  return JSON.parse(run.stdout) as SessionResult;
}

describe('Python ftplib.FTP_TLS', () => {
  let server: SecureServer;
  let python: string;

  beforeAll(async () => {
    python = requireTool(PYTHON);
    server = await startSecureServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['passive', 'active'] as const)('transfers and lists over PROT P in %s mode', async (mode) => {
    const local = await makeTempDir(`ftplib-ftps-${mode}`);
    try {
      await writePatternFile(join(local, 'upload.bin'), 2 * 1024 * 1024 + 1, `ftplib-ftps-${mode}`);
      const before = dataResumptions(server).length;
      const result = await runSession(python, server, mode, local);
      expect(result.login).toMatch(/^230 /);
      expect(result.prot).toMatch(/^200 /);
      expect(result.stor).toMatch(/^226 /);
      expect(result.retr).toMatch(/^226 /);
      expect(await sha256File(join(server.root, 'upload.bin'))).toBe(await sha256File(join(local, 'upload.bin')));
      expect(await sha256File(join(local, 'download.bin'))).toBe(await sha256File(join(local, 'upload.bin')));
      expect(result.nlst).toEqual(['upload.bin']);
      expect(result.mlsd).toEqual(['upload.bin']);
      expect(result.quit).toMatch(/^221/);
      // Measured: four protected data connections (STOR, RETR, NLST, MLSD), none resuming the control session.
      expect(dataResumptions(server).slice(before)).toEqual([false, false, false, false]);
    } finally {
      await removeDir(local);
    }
  });
});

describe('Python ftplib.FTP_TLS against requireDataSessionReuse', () => {
  let server: SecureServer;
  let python: string;

  beforeAll(async () => {
    python = requireTool(PYTHON);
    server = await startSecureServer({ tls: { requireDataSessionReuse: true } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gets its transfer refused with 425 (ftplib does not resume), and nothing is stored', async () => {
    const local = await makeTempDir('ftplib-ftps-reuse');
    try {
      await writePatternFile(join(local, 'upload.bin'), 100_000, 'ftplib-reuse');
      const result = await runSession(python, server, 'passive', local);
      const refusal = result.after_refusal ?? result.refused ?? '';
      expect(refusal).toMatch(/425/);
      expect(result.stor).toBeUndefined();
      expect(server.tlsFailures.map((failure) => failure.reason)).toEqual(['session-not-reused']);
      expect(result.quit).toMatch(/^221/);
    } finally {
      await removeDir(local);
    }
  });
});
