/**
 * The lecture's session (shared/reference/ftp-lecture.txt) replayed with the classic `ftp` command
 * line (tnftp): ls, cd temp, get textfile1.txt, put textfile2.txt, bin, put tux.gif, quit. The
 * transcript must show the lecture's replies and the farewell must count the bytes on the wire
 * (in TYPE A a 333-byte file with 7 LF line ends travels as 340 bytes, RFC 959 §3.1.1.1).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, runProgram } from './support/run.js';
import { makeTempDir, removeDir, sha256File, sha256Text, textOfSize, writePatternFile } from './support/files.js';
import { startTestServer, type TestServer } from './support/server.js';
import { requireTool } from './support/tools.js';

const TEXT_SIZE = 333;
const TEXT_LINES = 7;
const GIF_SIZE = 1558;
/** Wire bytes of the three files: two texts with CRLF line ends plus the binary as it is. */
const FILE_WIRE_BYTES = 2 * (TEXT_SIZE + TEXT_LINES) + GIF_SIZE;

describe.each([
  { mode: 'passive', setup: [] as string[], dataReply: /^229 Entering Extended Passive Mode \(\|\|\|\d+\|\)$/m },
  // Like the lecture's client: PORT rather than EPRT (epsv4 off), the server connects to us.
  { mode: 'active', setup: ['passive off', 'epsv4 off'], dataReply: /^200 PORT command successful\.$/m },
])('tnftp session from the lecture in $mode mode', ({ setup, dataReply }) => {
  let server: TestServer;
  let local: string;
  let transcript: string;
  const textfile1 = textOfSize(TEXT_SIZE, TEXT_LINES, 'lecture-textfile1');
  const textfile2 = textOfSize(TEXT_SIZE, TEXT_LINES, 'lecture-textfile2');

  beforeAll(async () => {
    const tnftp = requireTool('tnftp');
    server = await startTestServer({ username: 'demo', password: 'demo' });
    await mkdir(join(server.root, 'temp'));
    await writeFile(join(server.root, 'temp', 'textfile1.txt'), textfile1);
    local = await makeTempDir('tnftp');
    await writeFile(join(local, 'textfile2.txt'), textfile2);
    await writePatternFile(join(local, 'tux.gif'), GIF_SIZE, 'tux.gif');

    const commands = [
      `open ${server.host} ${server.port}`,
      'user demo demo',
      // tnftp switches to binary by itself on a UNIX server; the lecture's client started in ASCII.
      'ascii',
      ...setup,
      'ls',
      'cd temp',
      'get textfile1.txt',
      'put textfile2.txt',
      'bin',
      'put tux.gif',
      'quit',
    ];
    const result = await runProgram(tnftp, ['-n', '-v'], { input: `${commands.join('\n')}\n`, cwd: local, timeoutMs: 30_000 });
    expect(result.code, describeRun(result)).toBe(0);
    transcript = result.stdout;
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  it('shows the lecture replies in order', () => {
    const expectedInOrder = [
      '331 Password required for demo.',
      '230 User demo logged in.',
      '150 Opening ASCII mode data connection for file list.',
      '226 Transfer complete.',
      '250 CWD command successful.',
      `150 Opening ASCII mode data connection for textfile1.txt (${TEXT_SIZE} bytes).`,
      '226 Transfer complete.',
      '150 Opening ASCII mode data connection for textfile2.txt.',
      '226 Transfer complete.',
      '200 Type set to I.',
      '150 Opening BINARY mode data connection for tux.gif.',
      '226 Transfer complete.',
      `221-You have transferred ${FILE_WIRE_BYTES} bytes in 3 files.`,
      '221 Goodbye.',
    ];
    const lines = transcript.split('\n');
    let at = 0;
    for (const expected of expectedInOrder) {
      const found = lines.indexOf(expected, at);
      expect(found, `"${expected}" after line ${at} in\n${transcript}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
    expect(transcript).toMatch(dataReply);
  });

  it('counts the listing and the files in the total traffic', () => {
    // The listing as printed (LF) went over the wire with CRLF line ends.
    const lines = transcript.split('\n');
    const start = lines.indexOf('150 Opening ASCII mode data connection for file list.');
    const end = lines.indexOf('226 Transfer complete.', start);
    const listing = lines.slice(start + 1, end);
    expect(listing).toHaveLength(1);
    expect(listing[0]).toMatch(/^d\S+ .* temp$/);
    const listingBytes = listing.reduce((sum, line) => sum + Buffer.byteLength(line) + 2, 0);
    expect(transcript).toContain(`221-Total traffic for this session was ${FILE_WIRE_BYTES + listingBytes} bytes in 4 transfers.\n`);
  });

  it('reports the wire bytes of the ASCII transfers on the client side too', () => {
    expect(transcript).toContain(`${TEXT_SIZE + TEXT_LINES} bytes received`);
    expect(transcript).toContain(`${TEXT_SIZE + TEXT_LINES} bytes sent`);
    expect(transcript).toContain(`${GIF_SIZE} bytes sent`);
  });

  it('delivers textfile1.txt with local (LF) line ends and stores textfile2.txt with LF', async () => {
    const downloaded = await readFile(join(local, 'textfile1.txt'));
    expect(downloaded.includes('\r')).toBe(false);
    expect(sha256Text(downloaded)).toBe(sha256Text(textfile1));

    const stored = await readFile(join(server.root, 'temp', 'textfile2.txt'));
    expect(stored.includes('\r')).toBe(false);
    expect(sha256Text(stored)).toBe(sha256Text(textfile2));
  });

  it('stores tux.gif byte-exact in binary mode', async () => {
    expect(await sha256File(join(server.root, 'temp', 'tux.gif'))).toBe(await sha256File(join(local, 'tux.gif')));
  });
});
