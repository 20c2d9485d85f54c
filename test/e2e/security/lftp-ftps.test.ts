/**
 * lftp over explicit FTPS (ftp:ssl-force, PROT P), verifying the server certificate against its CA
 * file: a tree mirrored up and down byte-exact, with every data connection required to resume the
 * control connection's TLS session (lftp does, measured).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram } from '../support/run.js';
import { describeTree, makeTempDir, makeTree, removeDir, type TreeSpec } from '../support/files.js';
import { requireTool } from '../support/tools.js';
import { dataResumptions, startSecureServer, type SecureServer } from './support/secure-server.js';

const TREE: TreeSpec = {
  dirs: ['docs/old', 'empty'],
  files: { 'top.bin': 1, 'docs/readme.txt': 1500, 'docs/old/ancient.bin': 70_000, 'large.bin': 2 * 1024 * 1024 + 5, 'name with spaces.bin': 4096 },
};

describe('lftp with FTPS', () => {
  let server: SecureServer;
  let local: string;
  let lftpPath: string;

  beforeAll(async () => {
    lftpPath = requireTool('lftp');
    server = await startSecureServer({ tls: { requireDataSessionReuse: true, requireTlsForLogin: true } });
    local = await makeTempDir('lftp-ftps');
    await makeTree(join(local, 'source'), TREE, 'lftp-ftps');
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  function script(...commands: string[]): string {
    return [
      'set net:max-retries 1',
      'set net:timeout 10',
      'set cmd:fail-exit yes',
      'set ftp:ssl-force true',
      'set ftp:ssl-protect-data true',
      'set ssl:verify-certificate true',
      `set ssl:ca-file "${server.certificate.certPath}"`,
      `open -u ${server.username},${server.password} -p ${server.port} 127.0.0.1`,
      ...commands,
    ].join('; ');
  }

  it('mirrors a tree up and down byte-exact over TLS data connections that resume the session', async () => {
    const source = join(local, 'source');
    const back = join(local, 'back');
    const result = await runProgram(lftpPath, ['-d', '-c', script(`mirror -R --no-perms "${source}" /tree`, `mirror /tree "${back}"`)], { timeoutMs: 60_000 });
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stderr).toContain('---> AUTH TLS');
    expect(result.stderr).toContain('---> PROT P');
    const expected = await describeTree(source);
    expect(await describeTree(join(server.root, 'tree'))).toEqual(expected);
    expect(await describeTree(back)).toEqual(expected);
    const resumptions = dataResumptions(server);
    expect(resumptions.length).toBeGreaterThanOrEqual(Object.keys(TREE.files).length * 2);
    expect(resumptions.every(Boolean)).toBe(true);
    expect(server.tlsFailures).toEqual([]);
  });

  it('fails when the certificate does not verify (a different CA)', async () => {
    const result = await runProgram(
      lftpPath,
      ['-c', script('ls').replace(`set ssl:ca-file "${server.certificate.certPath}"`, 'set ssl:ca-file /etc/ssl/certs/ca-certificates.crt')],
      { timeoutMs: 30_000 },
    );
    expect(result.code, describeRun(result)).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/certificate/i);
  });
});
