/**
 * Drop-box rules through the built CLI, from a YAML configuration: a user whose `/` hides dot files
 * and whose `/inbox` mount refuses replacing files, names other than *.csv/*.txt (and "~*"), and
 * files over 1 MiB — under `partialUploads: keep`, which must not keep an oversized upload. Python's
 * ftplib reads the exact reply codes; curl shows what a plain client sees (its exit code).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram, type RunResult } from '../support/run.js';
import { makeTempDir, namesIn, removeDir, writePatternFile } from '../support/files.js';
import { requireTool } from '../support/tools.js';
import { freePorts, startApp, testHash, type Ports, type RunningApp } from './support/app.js';

const SCRIPT = fileURLToPath(new URL('../scripts/ftplib_dropbox.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const MIB = 1024 * 1024;

/** curl's exit code for an upload the server refused (CURLE_UPLOAD_FAILED). */
const CURL_UPLOAD_FAILED = 25;
/** curl's exit code for a 552 reply (CURLE_REMOTE_DISK_FULL, "Exceeded storage allocation"). */
const CURL_REMOTE_DISK_FULL = 70;
/**
 * curl's exit code when the data connection is reset while it is still sending (CURLE_SEND_ERROR):
 * the server cuts an oversized upload off, and curl may see that before it reads the 552.
 */
const CURL_SEND_ERROR = 55;

function yamlConfig(ports: Ports, passwordHash: string): string {
  return `
server:
  name: bucketftp-e2e-dropbox
  listen: [{ host: 127.0.0.1, port: ${ports.ftp} }]
  shutdownGraceMs: 2000
  limits: { loginFailureDelayMs: 0 }
logging: { level: info, pretty: false }
http: { host: 127.0.0.1, port: ${ports.http} }
users:
  - username: drop
    passwordHash: "${passwordHash}"
    partialUploads: keep
    hidden: [".*"]
    mounts:
      - path: /
        storage: { driver: fs, root: ./home }
      - path: /inbox
        storage: { driver: fs, root: ./inbox }
        overwrite: false
        allowedNames: ["*.csv", "*.txt"]
        deniedNames: ["~*"]
        maxFileSize: 1MiB
`;
}

interface DropboxSession {
  readonly [step: string]: string | string[];
}

describe('drop-box rules in the running server', () => {
  let dir: string;
  let local: string;
  let ports: Ports;
  let app: RunningApp;
  let curlPath: string;

  beforeAll(async () => {
    curlPath = requireTool('curl');
    dir = await makeTempDir('app-dropbox');
    local = await makeTempDir('app-dropbox-local');
    ports = await freePorts();
    await mkdir(join(dir, 'home', '.git'), { recursive: true });
    await mkdir(join(dir, 'inbox'));
    await writeFile(join(dir, 'home', 'readme.txt'), 'drop your files in /inbox\n');
    await writeFile(join(dir, 'home', '.secret'), 'not for clients\n');
    await writeFile(join(dir, 'home', '.git', 'config'), '[core]\n');
    await writeFile(join(dir, 'config.yaml'), yamlConfig(ports, await testHash('drop-pw')));
    app = await startApp(join(dir, 'config.yaml'));
  });
  afterAll(async () => {
    expect(await app?.stop()).toBe(0);
    await removeDir(dir);
    await removeDir(local);
  });

  const url = (path: string) => `ftp://drop:drop-pw@127.0.0.1:${ports.ftp}${path}`;

  function curl(...args: string[]): Promise<RunResult> {
    return runProgram(curlPath, ['--silent', '--show-error', '--max-time', '30', ...args], { timeoutMs: 40_000 });
  }

  it('answers each rule with its RFC 959 reply code for Python’s ftplib, storing nothing refused', async () => {
    await writeFile(join(dir, 'inbox', 'existing.csv'), 'original\n');
    const run = await runProgram(requireTool(PYTHON), [SCRIPT, '127.0.0.1', String(ports.ftp), 'drop', 'drop-pw'], { timeoutMs: 60_000 });
    expect(run.code, describeRun(run)).toBe(0);
    const result = JSON.parse(run.stdout) as DropboxSession;

    // hidden: never listed; every command naming one is answered like a missing name
    expect(result.nlst_root).toEqual(['inbox', 'readme.txt']);
    expect(result.mlsd_root).toEqual(['inbox', 'readme.txt']);
    for (const step of ['retr_hidden', 'size_hidden', 'mdtm_hidden', 'cwd_hidden', 'retr_inside_hidden', 'dele_hidden', 'stor_hidden']) {
      expect(result[step], step).toMatch(/^550 /);
    }
    expect(result.size_hidden).toBe(result.size_missing);

    // overwrite: false — 550, the file stays; a new name is fine
    expect(result.stor_new).toMatch(/^226 /);
    expect(result.stor_existing).toMatch(/^550 /);
    expect(result.appe_existing).toMatch(/^550 /);
    expect(result.rnto_existing).toMatch(/^550 /);
    expect(result.stou_elsewhere).toMatch(/^226 /);

    // allowedNames / deniedNames — 553 before any byte is stored
    expect(result.stor_denied).toMatch(/^553 /);
    expect(result.stor_not_allowed).toMatch(/^553 /);
    expect(result.rnto_not_allowed).toMatch(/^553 /);
    expect(result.rnto_ok).toMatch(/^250 /);

    // maxFileSize — 552 during the transfer, or up front for REST / ALLO past the limit
    expect(result.stor_too_big).toMatch(/^552 /);
    expect(result.rest).toMatch(/^350 /);
    expect(result.stor_rest_past_limit).toMatch(/^552 /);
    expect(result.allo).toMatch(/^202 /);
    expect(result.stor_allo_past_limit).toMatch(/^552 /);
    expect(result.stor_at_limit).toMatch(/^226 /);
    expect(result.noop).toMatch(/^200 /);
    expect(result.nlst_inbox).toEqual(['exact.csv', 'existing.csv', 'renamed.csv']);
    expect(result.quit).toMatch(/^221[ -]/);

    // On disk: the refused uploads left nothing (no file, no temporary), the existing file is intact.
    expect(await namesIn(join(dir, 'inbox'))).toEqual(['exact.csv', 'existing.csv', 'renamed.csv']);
    expect(await readFile(join(dir, 'inbox', 'existing.csv'), 'utf8')).toBe('original\n');
    expect((await readFile(join(dir, 'inbox', 'exact.csv'))).length).toBe(MIB);
    expect(await readFile(join(dir, 'home', '.secret'), 'utf8')).toBe('not for clients\n');
  });

  it('lets curl upload an allowed new file and refuses a replacement, a wrong name and an oversized file', async () => {
    const small = join(local, 'small.csv');
    const big = join(local, 'big.csv');
    await writeFile(small, 'x,y\n1,2\n');
    await writePatternFile(big, 3 * MIB, 'dropbox-big');

    const stored = await curl('-T', small, url('/inbox/curl.csv'));
    expect(stored.code, describeRun(stored)).toBe(0);

    const replaced = await curl('-T', big, url('/inbox/curl.csv'));
    expect(replaced.code, describeRun(replaced)).toBe(CURL_UPLOAD_FAILED);
    expect(replaced.stderr).toContain('550');

    const wrongName = await curl('-T', small, url('/inbox/curl.bin'));
    expect(wrongName.code, describeRun(wrongName)).toBe(CURL_UPLOAD_FAILED);
    expect(wrongName.stderr).toContain('553');

    const oversized = await curl('-T', big, url('/inbox/curl-big.csv'));
    expect([CURL_REMOTE_DISK_FULL, CURL_SEND_ERROR], describeRun(oversized)).toContain(oversized.code);

    expect(await readFile(join(dir, 'inbox', 'curl.csv'), 'utf8')).toBe('x,y\n1,2\n');
    const names = await namesIn(join(dir, 'inbox'));
    expect(names).toContain('curl.csv');
    expect(names.filter((name) => name.startsWith('curl'))).toEqual(['curl.csv']);
    const failed = await app.waitForLog((line) => line.msg === 'transfer failed' && JSON.stringify(line).includes('curl-big.csv'));
    expect(JSON.stringify(failed.err)).toContain('maximum file size');
  });

  it('leaves hidden entries out of curl’s listings', async () => {
    const listing = await curl(url('/'));
    expect(listing.code, describeRun(listing)).toBe(0);
    expect(listing.stdout).toContain('readme.txt');
    expect(listing.stdout).not.toMatch(/\.secret|\.git/);
    const names = await curl('--list-only', url('/'));
    expect(names.code, describeRun(names)).toBe(0);
    // Besides the file STOU stored in the first test.
    const listed = names.stdout.split(/\r?\n/).filter((name) => name !== '' && !name.startsWith('file.'));
    expect(listed.sort()).toEqual(['inbox', 'readme.txt']);
  });
});
