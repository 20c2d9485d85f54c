/**
 * FTPS configured in the file of the real process: explicit (AUTH TLS) and implicit listeners from
 * `server.tls` / `listen[].implicitTls`, a user who may only log in over TLS, and a new certificate
 * picked up on SIGHUP without a restart (curl verifies the server against each certificate in turn).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram, type RunResult } from '../support/run.js';
import { makeTempDir, removeDir, sha256File, writePatternFile } from '../support/files.js';
import { requireTool } from '../support/tools.js';
import { createCertificate, type CertificateFiles } from '../security/support/certificate.js';
import { baseConfig, freePort, freePorts, startApp, testHash, writeJson, type Ports, type RunningApp } from './support/app.js';

describe('FTPS from the configuration file', () => {
  let dir: string;
  let ports: Ports;
  let implicitPort: number;
  let app: RunningApp;
  let first: CertificateFiles;
  let second: CertificateFiles;
  let curlPath: string;

  beforeAll(async () => {
    curlPath = requireTool('curl');
    dir = await makeTempDir('app-ftps');
    await mkdir(join(dir, 'certs'));
    first = await createCertificate(join(dir, 'certs'), 'bucketftp first');
    second = await createCertificate(join(dir, 'certs'), 'bucketftp second');
    await copyFile(first.certPath, join(dir, 'server.pem'));
    await copyFile(first.certPath.replace(/\.pem$/, '.key'), join(dir, 'server.key'));
    ports = await freePorts();
    implicitPort = await freePort();
    const base = baseConfig(ports) as { server: Record<string, unknown> };
    await writeJson(join(dir, 'config.yaml'), {
      ...base,
      server: {
        ...base.server,
        listen: [
          { host: '127.0.0.1', port: ports.ftp },
          { host: '127.0.0.1', port: implicitPort, implicitTls: true },
        ],
        tls: { certFile: 'server.pem', keyFile: 'server.key' },
      },
      users: [{ username: 'secure', passwordHash: await testHash('secure-pw'), requireTls: true, storage: { driver: 'fs', root: 'home' } }],
    });
    app = await startApp(join(dir, 'config.yaml'));
  });
  afterAll(async () => {
    expect(await app?.stop()).toBe(0);
    await removeDir(dir);
  });

  function curl(...args: string[]): Promise<RunResult> {
    return runProgram(curlPath, ['--silent', '--show-error', '--max-time', '20', ...args], { timeoutMs: 30_000 });
  }

  it('serves explicit and implicit FTPS with PROT P transfers', async () => {
    const source = join(dir, 'upload.bin');
    await writePatternFile(source, 2 * 1024 * 1024 + 3, 'app-ftps');
    const up = await curl('--ssl-reqd', '--cacert', first.certPath, '-T', source, `ftp://secure:secure-pw@127.0.0.1:${ports.ftp}/upload.bin`);
    expect(up.code, describeRun(up)).toBe(0);
    const copy = join(dir, 'download.bin');
    const down = await curl('--cacert', first.certPath, '-o', copy, `ftps://secure:secure-pw@127.0.0.1:${implicitPort}/upload.bin`);
    expect(down.code, describeRun(down)).toBe(0);
    expect(await sha256File(copy)).toBe(await sha256File(source));
  });

  it('refuses the TLS-only user on a plain connection', async () => {
    const plain = await curl(`ftp://secure:secure-pw@127.0.0.1:${ports.ftp}/`);
    expect(plain.code, describeRun(plain)).not.toBe(0);
    expect(plain.stderr).toMatch(/530|Access denied|Login denied/i);
  });

  it('presents a new certificate after SIGHUP', async () => {
    const before = await curl('--ssl-reqd', '--cacert', second.certPath, `ftp://secure:secure-pw@127.0.0.1:${ports.ftp}/`);
    expect(before.code, 'the second certificate is not served yet').not.toBe(0);
    await copyFile(second.certPath, join(dir, 'server.pem'));
    await copyFile(second.certPath.replace(/\.pem$/, '.key'), join(dir, 'server.key'));
    app.signal('SIGHUP');
    await app.waitForLog((line) => line.msg === 'SIGHUP: TLS certificate and key reloaded');
    const after = await curl('--ssl-reqd', '--cacert', second.certPath, `ftp://secure:secure-pw@127.0.0.1:${ports.ftp}/`);
    expect(after.code, describeRun(after)).toBe(0);
    expect(after.stdout).toContain('upload.bin');
  });
});
