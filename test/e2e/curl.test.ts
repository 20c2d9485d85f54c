/** curl as the client: uploads, downloads, resumes both ways, listings, active and passive modes, HEAD-like requests. */
import { mkdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram, type RunResult } from './support/run.js';
import { fileSize, makeTempDir, removeDir, sha256File, writePatternFile, writePrefix } from './support/files.js';
import { startTestServer, type TestServer } from './support/server.js';
import { requireTool } from './support/tools.js';

describe('curl', () => {
  let server: TestServer;
  let local: string;
  let curlPath: string;

  beforeAll(async () => {
    curlPath = requireTool('curl');
    server = await startTestServer();
    local = await makeTempDir('curl');
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

  const url = (path: string) => `${server.url}/${path}`;

  it('uploads with -T and downloads byte-exact', async () => {
    const source = join(local, 'upload.bin');
    await writePatternFile(source, 2 * 1024 * 1024 + 3, 'curl-upload');
    const expected = await sha256File(source);
    await curl('-T', source, url('uploaded.bin'));
    expect(await sha256File(join(server.root, 'uploaded.bin'))).toBe(expected);

    const copy = join(local, 'download.bin');
    await curl('-o', copy, url('uploaded.bin'));
    expect(await sha256File(copy)).toBe(expected);
  });

  it('resumes a download with -C - after a partial local file (REST + RETR)', async () => {
    const size = 2 * 1024 * 1024 + 11;
    const offset = 700_001;
    await writePatternFile(join(server.root, 'resume-down.bin'), size, 'curl-resume-down');
    const partial = join(local, 'resume-down.bin');
    await writePrefix(join(server.root, 'resume-down.bin'), partial, offset);

    const result = await curl('--verbose', '-C', '-', '-o', partial, '--write-out', '%{size_download}', url('resume-down.bin'));
    expect(result.stderr).toContain(`> REST ${offset}`);
    expect(Number(result.stdout)).toBe(size - offset);
    expect(await sha256File(partial)).toBe(await sha256File(join(server.root, 'resume-down.bin')));
  });

  it('resumes an upload with -C - -T after the server kept a partial file', async () => {
    const size = 2 * 1024 * 1024 + 5;
    const offset = 900_000;
    const source = join(local, 'resume-up.bin');
    await writePatternFile(source, size, 'curl-resume-up');
    await writePrefix(source, join(server.root, 'resume-up.bin'), offset);

    const result = await curl('--verbose', '-C', '-', '-T', source, '--write-out', '%{size_upload}', url('resume-up.bin'));
    expect(result.stderr).toContain('> SIZE resume-up.bin');
    expect(Number(result.stdout)).toBe(size - offset);
    expect(await fileSize(join(server.root, 'resume-up.bin'))).toBe(size);
    expect(await sha256File(join(server.root, 'resume-up.bin'))).toBe(await sha256File(source));
  });

  it('lists a directory (LIST for dir/, NLST with -l)', async () => {
    await writePatternFile(join(server.root, 'listed', 'one.bin'), 100, 'one');
    await writePatternFile(join(server.root, 'listed', 'two.bin'), 2000, 'two');
    await mkdir(join(server.root, 'listed', 'sub'));

    const long = await curl(url('listed/'));
    // curl turns the listing's CRLF into the local LF.
    const lines = long.stdout.split(/\r?\n/).filter((line) => line !== '');
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.endsWith(' one.bin'))).toMatch(/^-\S+\s+\d+\s+\S+\s+\S+\s+100 /);
    expect(lines.find((line) => line.endsWith(' two.bin'))).toMatch(/^-\S+\s+\d+\s+\S+\s+\S+\s+2000 /);
    expect(lines.find((line) => line.endsWith(' sub'))).toMatch(/^d/);

    const names = await curl('--list-only', url('listed/'));
    expect(names.stdout.split(/\r?\n/).filter((line) => line !== '').sort()).toEqual(['one.bin', 'sub', 'two.bin']);
  });

  it.each([
    { mode: 'passive (EPSV)', args: ['--ftp-pasv'], command: '> EPSV' },
    { mode: 'passive (PASV)', args: ['--ftp-pasv', '--disable-epsv'], command: '> PASV' },
    { mode: 'active (EPRT)', args: ['--ftp-port', '127.0.0.1'], command: '> EPRT |1|127.0.0.1|' },
    { mode: 'active (PORT)', args: ['--ftp-port', '127.0.0.1', '--disable-eprt'], command: '> PORT 127,0,0,1,' },
  ])('transfers in $mode mode', async ({ mode, args, command }) => {
    const name = `mode-${mode.replace(/\W+/g, '-')}.bin`;
    const source = join(local, name);
    await writePatternFile(source, 1024 * 1024 + 7, name);
    const expected = await sha256File(source);

    const upload = await curl('--verbose', ...args, '-T', source, url(name));
    expect(upload.stderr).toContain(command);
    expect(upload.stderr).toContain('< 226 ');
    expect(await sha256File(join(server.root, name))).toBe(expected);

    const copy = join(local, `${name}.copy`);
    const download = await curl('--verbose', ...args, '-o', copy, url(name));
    expect(download.stderr).toContain(command);
    expect(await sha256File(copy)).toBe(expected);
  });

  it('creates missing folders with --ftp-create-dirs', async () => {
    const source = join(local, 'deep.bin');
    await writePatternFile(source, 5000, 'deep');
    await curl('--ftp-create-dirs', '-T', source, url('made/by/curl/deep.bin'));
    expect(await sha256File(join(server.root, 'made', 'by', 'curl', 'deep.bin'))).toBe(await sha256File(source));
  });

  it('reports size and modification time with -I (SIZE, MDTM)', async () => {
    await writePatternFile(join(server.root, 'head.bin'), 98_765, 'head');
    const mtime = new Date('2021-03-04T05:06:07Z');
    await utimes(join(server.root, 'head.bin'), mtime, mtime);
    const result = await curl('-I', url('head.bin'));
    expect(result.stdout).toContain('Content-Length: 98765\r\n');
    expect(result.stdout).toContain('Last-Modified: Thu, 04 Mar 2021 05:06:07 GMT\r\n');
    expect(result.stdout).toMatch(/Accept-ranges: bytes/i);
  });

  it('fails with the server reply for a missing file (RETR 550)', async () => {
    const result = await runProgram(curlPath, ['--silent', '--show-error', '--max-time', '30', '-o', join(local, 'none'), url('missing.bin')]);
    expect(result.code, describeRun(result)).toBe(78); // CURLE_REMOTE_FILE_NOT_FOUND
  });
});
