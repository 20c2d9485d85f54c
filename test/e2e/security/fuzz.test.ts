/**
 * Property-based fuzzing of live sessions: thousands of random and malformed command lines — path
 * tricks (`..`, NUL, very long), invalid UTF-8, Telnet IAC sequences, stray CR/LF — cut into random
 * TCP chunks and sent to a real server whose user is jailed in a real folder. Properties: every
 * byte the server sends is part of a well-formed reply (RFC 959 §4.2), the session ends with 221 or
 * 421, nothing outside the user's folder appears or changes, and the server keeps serving.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, FtpServer, commandTable, type UserAccount } from '@bucketftp/server';
import { FsDriver } from '@bucketftp/storage-fs';
import { describeTree, makeTempDir, removeDir, writePatternFile } from '../support/files.js';
import { ControlClient } from '@bucketftp/server/testing';

const USER = 'fuzzer';
const PASSWORD = 'fuzz-secret';
const IAC = 0xff;
const SE = 0xf0;
/** Ends any Telnet state the fuzz left the framer in (subnegotiation included), then QUIT. */
const TERMINATOR = Buffer.concat([Buffer.from('\r\n'), Buffer.from([IAC, SE]), Buffer.from('\r\nQUIT\r\n')]);

/** Checks that `bytes` is a sequence of complete, well-formed replies; returns their codes. */
function replyCodes(bytes: Buffer): number[] {
  const text = bytes.toString('latin1');
  expect(text.endsWith('\r\n'), 'the server stopped in the middle of a line').toBe(true);
  const lines = text.slice(0, -2).split('\r\n');
  const codes: number[] = [];
  let open: string | undefined;
  for (const line of lines) {
    expect(/[\r\n]/.test(line), `bare CR or LF in ${JSON.stringify(line)}`).toBe(false);
    if (open !== undefined) {
      if (line.startsWith(`${open} `)) {
        codes.push(Number(open));
        open = undefined;
      }
      continue;
    }
    const match = /^([1-5]\d\d)([ -])/.exec(line);
    expect(match, `not a reply line: ${JSON.stringify(line)}`).not.toBeNull();
    if (match?.[2] === '-') open = match[1];
    else codes.push(Number(match?.[1]));
  }
  expect(open, 'a multi-line reply was never finished').toBeUndefined();
  return codes;
}

/**
 * Reproducible runs: a fixed seed, printed, that BUCKETFTP_FUZZ_SEED overrides (to replay a failure
 * or to explore). A time budget keeps a loaded machine inside the test's limit: fast-check stops
 * starting new sessions once it is spent, and the test still requires MIN_RUNS whole sessions.
 * 300 sessions take ~15 s on an idle 2-core machine; the budget leaves 4× that.
 */
const SEED = Number(process.env.BUCKETFTP_FUZZ_SEED ?? 20_261_204);
const RUNS = 300;
const MIN_RUNS = 60;
const TIME_BUDGET_MS = 60_000;

describe('fuzzed sessions', () => {
  let base: string;
  let home: string;
  let server: FtpServer;
  let port: number;
  let closedPort: number;
  let outsideBefore: string[];

  beforeAll(async () => {
    base = await makeTempDir('fuzz');
    home = join(base, 'home');
    await mkdir(join(home, 'dir', 'sub'), { recursive: true });
    await writePatternFile(join(home, 'file.bin'), 70_000, 'fuzz-file');
    await writeFile(join(home, 'dir', 'notes.txt'), 'notes\n');
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'outside', 'canary.txt'), 'must never change\n');
    await writeFile(join(base, 'canary-next-to-home.txt'), 'must never change either\n');
    outsideBefore = await describeOutside(base);

    const storage = new FsDriver({ root: home });
    const account: UserAccount = { username: USER, storage, permissions: new Set(ALL_PERMISSIONS) };
    server = new FtpServer({
      authenticator: { authenticate: async ({ username, password }) => (username === USER && password === PASSWORD ? account : undefined) },
      limits: { loginFailureDelayMs: 0, maxLoginFailures: 1000, maxLineLength: 512, connectTimeoutMs: 500 },
      bans: { maxFailures: 0 },
      passive: { acceptTimeoutMs: 50 },
    });
    port = (await server.listen({ host: '127.0.0.1', port: 0 })).port;
    closedPort = await unusedPort();
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(base);
  });

  it('answers every line with well-formed replies, never leaves the root, and keeps serving', async () => {
    console.log(`fuzz seed ${SEED} (set BUCKETFTP_FUZZ_SEED to change it)`);
    let lines = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(sessionScripts(closedPort), fc.array(fc.nat(), { maxLength: 6 }), async (input, cuts) => {
        runs += 1;
        lines += input.lines;
        const client = await ControlClient.connect({ host: '127.0.0.1', port });
        const points = [...new Set(cuts.map((cut) => cut % (input.bytes.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const point of [...points, input.bytes.length]) {
          client.write(input.bytes.subarray(from, point));
          from = point;
          await sleep(1); // separate TCP segments
        }
        await Promise.race([client.closed, sleep(15_000).then(() => Promise.reject(new Error('the server did not end the session')))]);
        const codes = replyCodes(client.bytes);
        expect(codes[0]).toBe(220);
        expect([221, 421]).toContain(codes.at(-1));
      }),
      { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: TIME_BUDGET_MS, markInterruptAsFailure: false },
    );
    expect(runs).toBeGreaterThanOrEqual(MIN_RUNS);
    expect(lines).toBeGreaterThan(runs * 5);

    expect(await describeOutside(base)).toEqual(outsideBefore);
    expect((await readdir(base)).sort()).toEqual(['canary-next-to-home.txt', 'home', 'outside']);
    // The server is still in shape: a normal session works.
    const check = await ControlClient.connect({ host: '127.0.0.1', port });
    expect((await check.reply()).code).toBe(220);
    await check.login(USER, PASSWORD);
    expect((await check.command('SIZE /file.bin')).lines[0]).toBe('213 70000');
    expect((await check.command('QUIT')).code).toBe(221);
  }, TIME_BUDGET_MS + 60_000);
});

/** The generated sessions; `closedPort` is a local port nobody listens on (PORT/EPRT targets). */
function sessionScripts(closedPort: number) {
  const verbs = commandTable.specs.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])]);
    const transferVerbs = new Set(['RETR', 'STOR', 'STOU', 'APPE', 'LIST', 'NLST', 'MLSD']);
    const pathArg = fc.oneof(
      fc.constantFrom('..', '../..', '../../outside/canary.txt', '/../canary-next-to-home.txt', '..\\..\\outside', 'dir/../../..', '/', '.', 'dir/sub'),
      fc.constantFrom('file.bin', 'dir', 'dir/notes.txt', 'new.bin', 'x/y/z', ' spaced ', '"quoted"', '日本.txt', '%2e%2e/%2e%2e'),
      fc.constantFrom('a\u0000b', '\u0000', 'x'.repeat(600), 'y'.repeat(4097), '\uFEFFbom'),
      fc.string({ maxLength: 20 }),
    );
    const plainArg = fc.oneof(
      pathArg,
      fc.constantFrom('I', 'A', 'A N', 'L 8', 'E', 'S', 'F', 'C', 'P', 'TLS', '0', '-1', '99999999999999999999', 'ALL', '1', '2', '3'),
      fc.constantFrom('UTF8 ON', 'MLST type;size;', 'HASH MD5', 'HASH NOPE', 'HELP', 'CHMOD 777 x'),
      fc.constantFrom(`127,0,0,1,${Math.floor(closedPort / 256)},${closedPort % 256}`, '10,0,0,1,0,21', '127,0,0,1,0,80', '1,2,3', '256,1,1,1,1,1'),
      fc.constantFrom(`|1|127.0.0.1|${closedPort}|`, '|2|::1|21|', '|3|x|1|', '||||', `|1|10.0.0.9|${closedPort}|`),
    );
    const verb = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...verbs.filter((name) => !transferVerbs.has(name))) },
      { weight: 2, arbitrary: fc.constantFrom(...transferVerbs) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) },
    );
    const commandLine = fc
      .tuple(verb, fc.boolean(), fc.option(plainArg, { nil: undefined }))
      .map(([name, lower, arg]) => Buffer.from(`${lower ? name.toLowerCase() : name}${arg === undefined ? '' : ` ${arg}`}`, 'utf8'));
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes)),
      fc.constantFrom([IAC, 0xf4, IAC, 0xf2], [IAC, IAC], [IAC, 0xfb, 0x18], [IAC, 0xfa, 0x18, 0x01], [IAC], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf5, 0x80]).map((bytes) => Buffer.from(bytes)),
      fc.constantFrom('PROXY TCP4 1.2.3.4 5.6.7.8 1 2', '\r\n\r\n\u0000\r\nQUIT\n'.slice(0, 7)).map((text) => Buffer.from(text, 'latin1')),
    );
    const terminator = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '', '\r\u0000').map((text) => Buffer.from(text, 'latin1'));
    const script = fc
      .tuple(fc.boolean(), fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: commandLine }, { weight: 1, arbitrary: garbage }), terminator), { minLength: 5, maxLength: 30 }))
      .map(([login, lines]) => ({
        login,
        lines: lines.length,
        bytes: Buffer.concat([login ? Buffer.from(`USER ${USER}\r\nPASS ${PASSWORD}\r\n`) : Buffer.alloc(0), ...lines.flat(), TERMINATOR]),
      }));
  return script;
}

/** Every file and folder under `base` except the user's home, with content hashes. */
async function describeOutside(base: string): Promise<string[]> {
  return (await describeTree(base)).filter((line) => !line.startsWith('home/') && line !== 'home/');
}

async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen({ host: '127.0.0.1', port: 0 }, () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
