/**
 * curl over FTPS: explicit TLS (--ssl-reqd, verifying the server against its certificate), TLS on
 * the control connection only (--ftp-ssl-control), implicit TLS (ftps://), data connections that
 * resume the control connection's TLS session, and the refusal of a plaintext login.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram, type RunResult } from '../support/run.js';
import { makeTempDir, removeDir, sha256File, writePatternFile } from '../support/files.js';
import { requireTool } from '../support/tools.js';
import { dataResumptions, startSecureServer, type SecureServer } from './support/secure-server.js';

describe('curl with FTPS', () => {
  let server: SecureServer;
  let local: string;
  let curlPath: string;

  beforeAll(async () => {
    curlPath = requireTool('curl');
    // Every PROT P data connection must resume the control session: curl does (measured), so this also proves it.
    server = await startSecureServer({ implicitTls: true, tls: { requireDataSessionReuse: true } });
    local = await makeTempDir('curl-ftps');
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  async function curl(...args: string[]): Promise<RunResult> {
    const result = await runProgram(curlPath, ['--silent', '--show-error', '--max-time', '30', ...args], { timeoutMs: 40_000 });
    expect(result.code, describeRun(result)).toBe(0);
    return result;
  }

  const explicitUrl = (path: string) => `ftp://${server.username}:${server.password}@127.0.0.1:${server.port}/${path}`;
  const implicitUrl = (path: string) => `ftps://${server.username}:${server.password}@127.0.0.1:${server.implicitPort}/${path}`;

  it('--ssl-reqd: AUTH TLS, PROT P, byte-exact upload and download, certificate verified', async () => {
    const source = join(local, 'explicit.bin');
    await writePatternFile(source, 3 * 1024 * 1024 + 9, 'curl-ftps-explicit');
    const before = dataResumptions(server).length;
    const upload = await curl('--ssl-reqd', '--cacert', server.certificate.certPath, '--verbose', '-T', source, explicitUrl('explicit.bin'));
    expect(upload.stderr).toMatch(/> AUTH (SSL|TLS)/);
    expect(upload.stderr).toContain('> PROT P');
    expect(upload.stderr).toContain('SSL certificate verify ok');
    expect(await sha256File(join(server.root, 'explicit.bin'))).toBe(await sha256File(source));

    const copy = join(local, 'explicit.copy');
    await curl('--ssl-reqd', '--cacert', server.certificate.certPath, '-o', copy, explicitUrl('explicit.bin'));
    expect(await sha256File(copy)).toBe(await sha256File(source));
    // Each data connection resumed the control connection's TLS session (RFC 4217 §10.2).
    expect(dataResumptions(server).slice(before)).toEqual([true, true]);
  });

  it('lists over a protected data connection (TLS 1.2 as well as 1.3)', async () => {
    await writePatternFile(join(server.root, 'listed', 'one.bin'), 10, 'one');
    for (const version of ['--tlsv1.2 --tls-max 1.2', '--tlsv1.3']) {
      const result = await curl('--ssl-reqd', '-k', ...version.split(' '), '--list-only', explicitUrl('listed/'));
      expect(result.stdout.split(/\r?\n/).filter(Boolean)).toEqual(['one.bin']);
    }
    const protocols = server.handshakes.filter((event) => event.channel === 'data').slice(-2);
    expect(protocols.map((event) => [event.protocol, event.resumed])).toEqual([
      ['TLSv1.2', true],
      ['TLSv1.3', true],
    ]);
  });

  it('--ftp-ssl-control: protected login, clear data connections (PROT C)', async () => {
    const source = join(local, 'control-only.bin');
    await writePatternFile(source, 200_000, 'curl-control-only');
    const dataHandshakes = dataResumptions(server).length;
    const result = await curl('--ftp-ssl-control', '-k', '--verbose', '-T', source, explicitUrl('control-only.bin'));
    expect(result.stderr).toMatch(/> AUTH (SSL|TLS)/);
    expect(result.stderr).not.toContain('> PROT P');
    expect(await sha256File(join(server.root, 'control-only.bin'))).toBe(await sha256File(source));
    expect(dataResumptions(server).length).toBe(dataHandshakes);
  });

  it('ftps:// (implicit TLS): upload, download and listing', async () => {
    const source = join(local, 'implicit.bin');
    await writePatternFile(source, 1024 * 1024 + 3, 'curl-implicit');
    await curl('--cacert', server.certificate.certPath, '-T', source, implicitUrl('implicit.bin'));
    expect(await sha256File(join(server.root, 'implicit.bin'))).toBe(await sha256File(source));
    const copy = join(local, 'implicit.copy');
    await curl('--cacert', server.certificate.certPath, '-o', copy, implicitUrl('implicit.bin'));
    expect(await sha256File(copy)).toBe(await sha256File(source));
    const listing = await curl('-k', '--list-only', implicitUrl(''));
    expect(listing.stdout.split(/\r?\n/)).toContain('implicit.bin');
  });
});

describe('curl against a server that requires TLS for logins', () => {
  let server: SecureServer;
  let curlPath: string;

  beforeAll(async () => {
    curlPath = requireTool('curl');
    server = await startSecureServer({ tls: { requireTlsForLogin: true, requireProtectedData: true } });
    await writePatternFile(join(server.root, 'secret.bin'), 5000, 'secret');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a plaintext login with 530 and serves the same client over TLS', async () => {
    const url = `ftp://${server.username}:${server.password}@127.0.0.1:${server.port}/secret.bin`;
    const plain = await runProgram(curlPath, ['--silent', '--verbose', '--max-time', '20', '-o', '/dev/null', url], { timeoutMs: 30_000 });
    expect(plain.code, describeRun(plain)).not.toBe(0);
    expect(plain.stderr).toContain('< 530 ');
    expect(plain.stderr).not.toContain('> PASS');

    // Control protected but data in the clear is refused too (521).
    const clearData = await runProgram(curlPath, ['--silent', '--verbose', '--max-time', '20', '--ftp-ssl-control', '-k', '-o', '/dev/null', url], { timeoutMs: 30_000 });
    expect(clearData.code, describeRun(clearData)).not.toBe(0);
    expect(clearData.stderr).toMatch(/< 521 /);

    const secure = await runProgram(curlPath, ['--silent', '--show-error', '--max-time', '20', '--ssl-reqd', '-k', '-o', '/dev/null', '--write-out', '%{size_download}', url], {
      timeoutMs: 30_000,
    });
    expect(secure.code, describeRun(secure)).toBe(0);
    expect(secure.stdout).toBe('5000');
  });
});
