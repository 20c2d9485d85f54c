import { once } from 'node:events';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { MemoryDriver, StorageError, type ReadOptions, type WriteOptions, type WriteResult } from '@bucketftp/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { connectData, ControlClient, download, type FtpReply, listenActive, openPassive, parsePasvReply, portArgument, receiveAll, upload } from '@bucketftp/server/testing';
import { patternBytes, putFile, putLargeFile, readFile } from './testing/files.js';
import { startTestServer, type TestServer, type TestServerOptions } from './testing/test-server.js';

const IAC = 0xff;
const IP = 0xf4;
const DM = 0xf2;
/** Larger than every socket buffer between a paused client and the server, so a RETR of it stays running. */
const LARGE = 32 * 1024 * 1024;

let running: TestServer | undefined;

async function serve(options: TestServerOptions = {}): Promise<TestServer> {
  running = await startTestServer(options);
  return running;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function codes(replies: readonly FtpReply[]): number[] {
  return replies.map((reply) => reply.code);
}

/** Polls STAT until the running transfer reports at least `bytes` bytes. */
async function waitForProgress(control: ControlClient, bytes: number): Promise<void> {
  for (;;) {
    const status = await control.command('STAT');
    const line = status.lines.find((text) => text.includes('bytes so far'));
    const match = line === undefined ? null : /: (\d+) bytes so far/.exec(line);
    if (match && Number(match[1]) >= bytes) return;
  }
}

describe('control connection', () => {
  it('greets with 220 and the server name', async () => {
    const server = await serve({ serverName: 'marge' });
    const client = await ControlClient.connect({ port: server.port });
    expect(await client.reply()).toMatchObject({ code: 220, lines: ['220 marge FTP server ready.'] });
    client.destroy();
  });

  it('puts together a command split across several TCP writes', async () => {
    const server = await serve();
    const client = await server.connect();
    for (const piece of ['US', 'ER ali', 'ce\r', '\n']) {
      client.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await client.reply()).toMatchObject({ code: 331, text: 'Password required for alice.' });
    expect(await client.command('PASS secret')).toMatchObject({ code: 230, text: 'User alice logged in.' });
  });

  it('answers pipelined commands sent in one write, in order', async () => {
    const server = await serve();
    const client = await server.connect();
    client.write('USER alice\r\nPASS secret\r\nMKD a\r\nPWD\r\nCWD a\r\nPWD\r\nSIZE nope\r\nNOOP\r\n');
    const replies: FtpReply[] = [];
    for (let i = 0; i < 8; i++) replies.push(await client.reply());
    expect(codes(replies)).toEqual([331, 230, 257, 257, 250, 257, 550, 200]);
    expect(replies[2]?.text).toBe('"/a" directory created.');
    expect(replies[3]?.text).toBe('"/" is the current directory.');
    expect(replies[5]?.text).toBe('"/a" is the current directory.');
  });

  it('ignores Telnet IP and DM before ABOR (RFC 959 §4.1.3)', async () => {
    const server = await serve();
    const client = await server.login();
    client.write(Buffer.concat([Buffer.from([IAC, IP, IAC, DM]), Buffer.from('ABOR\r\n')]));
    expect((await client.reply()).code).toBe(225);
  });

  it('answers 501 to a line with a bare CR inside instead of running two commands', async () => {
    const server = await serve();
    await putFile(server.storage, '/a', 'x');
    await putFile(server.storage, '/b', 'y');
    const client = await server.login();
    client.write('SIZE a\rDELE b\r\nNOOP\r\n');
    expect(await client.reply()).toMatchObject({ code: 501, text: 'Syntax error: CR without LF inside a command line.' });
    expect((await client.reply()).code).toBe(200);
    expect((await client.command('SIZE b')).code).toBe(213);
    client.write('SIZE a\r\0DELE b\r\n');
    expect((await client.reply()).code).toBe(501);
    expect((await client.command('SIZE b')).code).toBe(213);
  });

  it('answers 500 to an over-long line and keeps serving', async () => {
    const server = await serve({ limits: { maxLineLength: 64 } });
    const client = await server.login();
    client.write(`CWD ${'x'.repeat(500)}\r\nNOOP\r\n`);
    expect((await client.reply()).code).toBe(500);
    expect((await client.reply()).code).toBe(200);
    expect((await client.command('PWD')).code).toBe(257);
  });

  it('answers 501 to invalid UTF-8 (RFC 2640) and keeps serving', async () => {
    const server = await serve();
    const client = await server.login();
    client.write(Buffer.concat([Buffer.from('MKD '), Buffer.from([0xc3, 0x28]), Buffer.from('\r\n')]));
    expect((await client.reply()).code).toBe(501);
    expect((await client.command('MKD caf\u00e9')).text).toBe('"/caf\u00e9" directory created.');
  });

  it('forgets RNFR when a garbled line comes before RNTO', async () => {
    const server = await serve();
    await putFile(server.storage, '/a', 'x');
    const client = await server.login();
    expect((await client.command('RNFR a')).code).toBe(350);
    client.write(Buffer.from([0x31, 0x32, 0x0d, 0x0a]));
    expect((await client.reply()).code).toBe(500);
    expect((await client.command('RNTO b')).code).toBe(503);
  });

  it('closes with 421 after maxLoginFailures wrong passwords', async () => {
    const server = await serve({ limits: { maxLoginFailures: 2 } });
    const client = await server.connect();
    await client.command('USER alice');
    expect((await client.command('PASS wrong')).code).toBe(530);
    await client.command('USER alice');
    expect((await client.command('PASS wrong')).code).toBe(421);
    await client.closed;
    expect(client.finished).toBe(true);
  });

  it('delays the answer to a wrong password by loginFailureDelayMs', async () => {
    const delay = 150;
    const server = await serve({ limits: { loginFailureDelayMs: delay } });
    const client = await server.connect();
    await client.command('USER alice');
    const started = performance.now();
    expect((await client.command('PASS wrong')).code).toBe(530);
    // A lower bound only: the delay must have passed (timer granularity is 1 ms).
    expect(performance.now() - started).toBeGreaterThanOrEqual(delay - 2);
    expect((await client.command('USER alice')).code).toBe(331);
  });

  it('closes an idle connection with 421', async () => {
    const server = await serve({ limits: { idleTimeoutMs: 100 } });
    const client = await server.connect();
    const reply = await client.reply();
    expect(reply.code).toBe(421);
    await client.closed;
  });
});

describe('path arguments', () => {
  it('refuses names with controls, bidi overrides or noncharacters with 501 and creates nothing', async () => {
    const server = await serve();
    const client = await server.login();
    for (const name of ['a\tb', 'bell\u0007', 'c1\u0085', 'invoice\u202egpj.exe', 'iso\u2066x', 'non\uffff', 'non\u{10ffff}', 'non\ufdd0']) {
      expect(await client.command(`MKD ${name}`), JSON.stringify(name)).toMatchObject({ code: 501, text: 'Invalid path.' });
      expect((await client.command(`RNFR ${name}`)).code).toBe(501);
    }
    expect((await download(client, 'NLST')).toString()).toBe('');
  });

  it('puts names in NFC: a decomposed twin of an existing name is the same name', async () => {
    const server = await serve();
    const client = await server.login();
    expect((await client.command('MKD cafe\u0301')).text).toBe('"/caf\u00e9" directory created.');
    expect((await client.command('MKD caf\u00e9')).code).toBe(550);
    expect((await client.command('CWD cafe\u0301')).code).toBe(250);
    expect((await client.command('PWD')).text).toBe('"/caf\u00e9" is the current directory.');
    await client.command('CWD /');
    expect((await download(client, 'NLST')).toString()).toBe('caf\u00e9\r\n');
  });
});

describe('the session reproduces the lecture trace (active mode)', () => {
  it('NLST, CWD, RETR in ASCII, STOR in ASCII and binary, then the classic 221 farewell', async () => {
    const server = await serve({ serverName: 'marge' });
    await server.storage.mkdir('/temp');
    // 333 bytes with 7 line ends: 340 bytes on the wire in TYPE A, as in the trace.
    const textfile1 = `${Array.from({ length: 7 }, (_, i) => `line ${i} `.padEnd(i === 6 ? 50 : 46, 'x')).join('\n')}\n`;
    expect(Buffer.byteLength(textfile1)).toBe(333);
    await putFile(server.storage, '/temp/textfile1.txt', textfile1);
    const client = await ControlClient.connect({ port: server.port });
    expect((await client.reply()).lines).toEqual(['220 marge FTP server ready.']);
    expect((await client.command('USER pegli')).lines).toEqual(['331 Password required for pegli.']);
    expect((await client.command('PASS wrong')).code).toBe(530);
    await client.login();

    const activeTransfer = async (command: string, sendBytes?: Buffer): Promise<{ opening: string; data: Buffer }> => {
      const listener = await listenActive();
      expect((await client.command(`PORT ${portArgument('127.0.0.1', listener.port)}`)).lines).toEqual(['200 PORT command successful.']);
      client.send(command);
      const socket = await listener.accepted;
      listener.close();
      const opening = await client.reply();
      expect(opening.code).toBe(150);
      let data: Buffer = Buffer.alloc(0);
      if (sendBytes) await new Promise<void>((resolve) => socket.end(sendBytes, () => resolve()));
      else data = await receiveAll(socket);
      expect((await client.reply()).lines).toEqual(['226 Transfer complete.']);
      return { opening: opening.text, data };
    };

    const nlst = await activeTransfer('NLST');
    expect(nlst.opening).toBe('Opening ASCII mode data connection for file list.');
    expect(nlst.data.toString()).toBe('temp\r\n');
    expect((await client.command('CWD temp')).lines).toEqual(['250 CWD command successful.']);
    const retr = await activeTransfer('RETR textfile1.txt');
    expect(retr.opening).toBe('Opening ASCII mode data connection for textfile1.txt (333 bytes).');
    expect(retr.data.toString()).toBe(textfile1.replaceAll('\n', '\r\n'));
    expect(retr.data).toHaveLength(340);
    const stor = await activeTransfer('STOR textfile2.txt', Buffer.from(textfile1.replaceAll('\n', '\r\n')));
    expect(stor.opening).toBe('Opening ASCII mode data connection for textfile2.txt.');
    expect((await readFile(server.storage, '/temp/textfile2.txt')).toString()).toBe(textfile1);
    expect((await client.command('TYPE I')).lines).toEqual(['200 Type set to I.']);
    const gif = patternBytes(1558, 3);
    const tux = await activeTransfer('STOR tux.gif', gif);
    expect(tux.opening).toBe('Opening BINARY mode data connection for tux.gif.');
    expect((await readFile(server.storage, '/temp/tux.gif')).equals(gif)).toBe(true);

    const farewell = await client.command('QUIT');
    expect(farewell.lines).toEqual([
      '221-You have transferred 2238 bytes in 3 files.',
      `221-Total traffic for this session was ${2238 + nlst.data.length} bytes in 4 transfers.`,
      '221-Thank you for using the FTP service on marge.',
      '221 Goodbye.',
    ]);
    await client.closed;
    expect(client.finished).toBe(true);
  });

  it('EPRT works like PORT', async () => {
    const server = await serve();
    await putFile(server.storage, '/f.bin', patternBytes(100_000, 4));
    const client = await server.login();
    await client.command('TYPE I');
    const listener = await listenActive();
    expect((await client.command(`EPRT |1|127.0.0.1|${listener.port}|`)).code).toBe(200);
    client.send('RETR f.bin');
    const data = receiveAll(await listener.accepted);
    listener.close();
    expect((await client.reply()).code).toBe(150);
    expect((await data).equals(patternBytes(100_000, 4))).toBe(true);
    expect((await client.reply()).code).toBe(226);
  });

  it('answers 425 when the active-mode target refuses the connection', async () => {
    const server = await serve();
    await putFile(server.storage, '/f', 'x');
    const client = await server.login();
    const listener = await listenActive();
    listener.close();
    await client.command(`PORT ${portArgument('127.0.0.1', listener.port)}`);
    expect((await client.command('RETR f')).code).toBe(425);
    expect((await client.command('NOOP')).code).toBe(200);
  });
});

describe('commands during a transfer', () => {
  async function startLargeRetr(server: TestServer): Promise<{ client: ControlClient; data: Socket }> {
    await putLargeFile(server.storage, '/big.bin', LARGE);
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    // The client does not read: the transfer stays blocked on backpressure.
    data.pause();
    const opening = await client.command('RETR big.bin');
    expect(opening).toMatchObject({ code: 150, text: `Opening BINARY mode data connection for big.bin (${LARGE} bytes).` });
    return { client, data };
  }

  it('ABOR (after Telnet IP/DM) ends a running RETR with 426, then answers 226, and the session goes on', async () => {
    const server = await serve();
    const { client, data } = await startLargeRetr(server);
    const dataClosed = once(data, 'close');
    client.write(Buffer.concat([Buffer.from([IAC, IP, IAC, DM]), Buffer.from('ABOR\r\n')]));
    const first = await client.reply();
    const second = await client.reply();
    expect([first.code, second.code]).toEqual([426, 226]);
    data.resume();
    await dataClosed;
    expect((await client.command('NOOP')).code).toBe(200);
    await putFile(server.storage, '/small.txt', 'still works');
    expect((await download(client, 'RETR small.txt')).toString()).toBe('still works');
  });

  it('ABOR after tnftp\'s Synch as the server receives it (IAC IP, urgent IAC gone, DM) ends a running RETR at once', async () => {
    const server = await serve();
    const { client, data } = await startLargeRetr(server);
    const dataClosed = once(data, 'close');
    client.write(Buffer.from([IAC, IP]));
    client.write(Buffer.concat([Buffer.from([DM]), Buffer.from('ABOR\r\n')]));
    expect(codes([await client.reply(), await client.reply()])).toEqual([426, 226]);
    data.resume();
    await dataClosed;
    expect((await client.command('NOOP')).code).toBe(200);
  });

  it('ABOR answers 426 and 226 before a command queued behind the transfer is answered', async () => {
    const server = await serve();
    const { client, data } = await startLargeRetr(server);
    client.send('PWD');
    client.send('ABOR');
    const replies = [await client.reply(), await client.reply(), await client.reply()];
    expect(codes(replies)).toEqual([426, 226, 257]);
    data.destroy();
  });

  it('ABOR while the transfer still waits for its data connection: 426, then 226', async () => {
    const server = await serve();
    await putFile(server.storage, '/f.txt', 'payload');
    const client = await server.login();
    expect((await client.command('PASV')).code).toBe(227);
    client.write('RETR f.txt\r\nABOR\r\n');
    expect(codes([await client.reply(), await client.reply()])).toEqual([426, 226]);
    expect((await download(client, 'RETR f.txt')).toString()).toBe('payload');
  });

  it('closes with 421 when more than maxPendingCommands wait behind a transfer', async () => {
    const server = await serve({ limits: { maxPendingCommands: 4 } });
    const { client, data } = await startLargeRetr(server);
    // One command is taken off the queue and waits for the transfer; four more fill the queue.
    client.write('PWD\r\n'.repeat(6));
    expect((await client.reply()).code).toBe(421);
    await client.closed;
    data.destroy();
  });

  it('STAT answers at once with the transfer progress; NOOP too', async () => {
    const server = await serve();
    const { client } = await startLargeRetr(server);
    const status = await client.command('STAT');
    expect(status.code).toBe(211);
    expect(status.lines.some((line) => /Transferring \(RETR\) \/big\.bin: \d+ bytes so far/.test(line))).toBe(true);
    expect((await client.command('NOOP')).code).toBe(200);
    expect(codes([await client.command('ABOR'), await client.reply()])).toEqual([426, 226]);
  });

  it('a command that is not allowed during a transfer waits for it', async () => {
    const server = await serve();
    const { client, data } = await startLargeRetr(server);
    client.send('PWD');
    const received = receiveAll(data);
    data.resume();
    expect((await received).length).toBe(LARGE);
    expect(codes([await client.reply(), await client.reply()])).toEqual([226, 257]);
  });

  it('QUIT during a transfer lets it finish: 226, then 221', async () => {
    const server = await serve();
    const { client, data } = await startLargeRetr(server);
    client.send('QUIT');
    const received = receiveAll(data);
    data.resume();
    expect((await received).length).toBe(LARGE);
    const done = await client.reply();
    const farewell = await client.reply();
    expect(done.code).toBe(226);
    expect(farewell.code).toBe(221);
    expect(farewell.lines[0]).toBe(`221-You have transferred ${LARGE} bytes in 1 files.`);
    await client.closed;
  });
});

describe('uploads that fail', () => {
  async function resetDuringStor(server: TestServer, sent: Buffer): Promise<FtpReply> {
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('STOR keep.bin')).code).toBe(150);
    data.write(sent);
    await waitForProgress(client, sent.length);
    data.resetAndDestroy();
    const reply = await client.reply();
    expect((await client.command('NOOP')).code).toBe(200);
    return reply;
  }

  it('under `discard`, a reset data connection leaves the previous file intact and answers 426', async () => {
    const server = await serve({ partialUploads: 'discard' });
    await putFile(server.storage, '/keep.bin', 'original content');
    const reply = await resetDuringStor(server, patternBytes(100_000, 5));
    expect(reply.code).toBe(426);
    expect((await readFile(server.storage, '/keep.bin')).toString()).toBe('original content');
  });

  it('under `keep`, the bytes received before the reset are committed', async () => {
    const server = await serve({ partialUploads: 'keep' });
    await putFile(server.storage, '/keep.bin', 'original content');
    const sent = patternBytes(100_000, 6);
    const reply = await resetDuringStor(server, sent);
    expect(reply.code).toBe(426);
    expect((await readFile(server.storage, '/keep.bin')).equals(sent)).toBe(true);
  });

  it('a reset the driver then reports as its own failure is still answered 426: the data connection failed first', async () => {
    const server = await serve({ storage: new RewrappingWriteDriver() });
    await putFile(server.storage, '/keep.bin', 'original content');
    const reply = await resetDuringStor(server, patternBytes(100_000, 7));
    expect(reply.code).toBe(426);
    expect((await readFile(server.storage, '/keep.bin')).toString()).toBe('original content');
  });

  it('ABOR during a STOR under `discard` keeps the previous file', async () => {
    const server = await serve();
    await putFile(server.storage, '/keep.bin', 'original content');
    const client = await server.login();
    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('STOR keep.bin')).code).toBe(150);
    data.write(patternBytes(50_000, 8));
    await waitForProgress(client, 50_000);
    expect(codes([await client.command('ABOR'), await client.reply()])).toEqual([426, 226]);
    expect((await readFile(server.storage, '/keep.bin')).toString()).toBe('original content');
  });
});

/** A driver that reports any failed upload as its own backend failure, as drivers wrapping an SDK may. */
class RewrappingWriteDriver extends MemoryDriver {
  override async write(path: string, source: AsyncIterable<Uint8Array>, options?: WriteOptions): Promise<WriteResult> {
    try {
      return await super.write(path, source, options);
    } catch (error) {
      throw new StorageError('unavailable', `upload failed: ${String(error)}`);
    }
  }
}

/** A driver whose reads fail after the first chunk, as a backend that drops out mid-download. */
class FlakyReadDriver extends MemoryDriver {
  override async read(path: string, options?: ReadOptions): Promise<Readable> {
    const source = await super.read(path, options);
    async function* failAfterFirstChunk(): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        yield chunk as Uint8Array;
        throw new StorageError('unavailable', 'backend connection reset by 10.0.0.9');
      }
    }
    return Readable.from(failAfterFirstChunk(), { objectMode: false });
  }
}

describe('downloads that fail', () => {
  it('a storage failure in the middle of a RETR is answered with its own reply (451), not 426', async () => {
    const server = await serve({ storage: new FlakyReadDriver() });
    const content = patternBytes(10_000, 10);
    await server.storage.write('/f.bin', Readable.from([content.subarray(0, 4000), content.subarray(4000)]));
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    const received = receiveAll(data).catch(() => Buffer.alloc(0));
    expect((await client.command('RETR f.bin')).code).toBe(150);
    const reply = await client.reply();
    expect(reply.code).toBe(451);
    expect(reply.text).not.toContain('10.0.0.9');
    expect((await received).length).toBeLessThan(10_000);
    expect((await client.command('NOOP')).code).toBe(200);
  });

  it('a client that closes the data connection early gets 426', async () => {
    const server = await serve();
    await putLargeFile(server.storage, '/big.bin', LARGE);
    const client = await server.login();
    await client.command('TYPE I');
    const data = await openPassive(client);
    data.on('error', () => undefined);
    expect((await client.command('RETR big.bin')).code).toBe(150);
    data.destroy();
    expect((await client.reply()).code).toBe(426);
  });
});

describe('data connections', () => {
  it('refuses a passive data connection from another address (RFC 2577 §3)', async () => {
    const server = await serve();
    await putFile(server.storage, '/f.txt', 'payload');
    const client = await server.login();
    const { port } = parsePasvReply(await client.command('PASV'));
    client.send('RETR f.txt');
    const foreign = await connectData(port, { localAddress: '127.0.0.2' });
    foreign.on('error', () => undefined);
    expect(await receiveAll(foreign).catch(() => Buffer.alloc(0))).toHaveLength(0);
    const own = await connectData(port);
    const received = receiveAll(own);
    expect((await client.reply()).code).toBe(150);
    expect((await received).toString()).toBe('payload');
    expect((await client.reply()).code).toBe(226);
  });

  it('accepts a passive data connection from another address when the account may FXP', async () => {
    const server = await serve({ allowFxp: true });
    await putFile(server.storage, '/f.txt', 'payload');
    const client = await server.login();
    const { port } = parsePasvReply(await client.command('PASV'));
    client.send('RETR f.txt');
    const foreign = await connectData(port, { localAddress: '127.0.0.2' });
    const received = receiveAll(foreign);
    expect((await client.reply()).code).toBe(150);
    expect((await received).toString()).toBe('payload');
    expect((await client.reply()).code).toBe(226);
  });

  it('answers 425 when no data connection was prepared', async () => {
    const server = await serve();
    await putFile(server.storage, '/f.txt', 'payload');
    const client = await server.login();
    expect((await client.command('RETR f.txt')).code).toBe(425);
  });

  it('LIST, NLST and MLSD send their listings over a passive connection', async () => {
    const server = await serve();
    await server.storage.mkdir('/d');
    await putFile(server.storage, '/d/a.txt', 'hello');
    const client = await server.login();
    expect((await download(client, 'LIST -la d')).toString()).toMatch(/^-rw-r--r-- 1 ftp ftp +5 .* a\.txt\r\n$/);
    expect((await download(client, 'NLST d')).toString()).toBe('a.txt\r\n');
    expect((await download(client, 'MLSD d')).toString()).toMatch(/^type=file;size=5;modify=\d{14};perm=rwadf; a\.txt\r\n$/);
  });

  it('NLST and LIST with a wildcard list the matching entries; no match is an empty 226', async () => {
    const server = await serve();
    await server.storage.mkdir('/d');
    for (const name of ['a.bin', 'b.bin', 'c.txt']) await putFile(server.storage, `/d/${name}`, name);
    const client = await server.login();
    await client.command('CWD d');
    const names = (await download(client, 'NLST *.bin')).toString().split('\r\n').filter(Boolean).sort();
    expect(names).toEqual(['a.bin', 'b.bin']);
    expect((await download(client, 'LIST c.*')).toString()).toMatch(/^-rw-r--r-- 1 ftp ftp +5 .* c\.txt\r\n$/);
    // download() checks for 150 … 226.
    expect((await download(client, 'NLST *.xyz')).toString()).toBe('');
    expect((await client.command('NOOP')).code).toBe(200);
  });

  it('STOU announces the unique name in its 150 reply and stores there', async () => {
    const server = await serve();
    const client = await server.login();
    const opening = await upload(client, 'STOU', Buffer.from('unique\r\n'));
    const name = /^150 FILE: (file\.[0-9a-f]{8})$/.exec(opening.lines[0] ?? '')?.[1];
    expect(name).toBeDefined();
    expect((await readFile(server.storage, `/${name}`)).toString()).toBe('unique\n');
  });

  it('uploads and downloads over EPSV byte-exact', async () => {
    const server = await serve();
    const client = await server.login();
    await client.command('TYPE I');
    const content = patternBytes(300_000, 9);
    await upload(client, 'STOR up.bin', content);
    expect((await readFile(server.storage, '/up.bin')).equals(content)).toBe(true);
    const epsv = await client.command('EPSV');
    const port = Number(/\|\|\|(\d+)\|/.exec(epsv.text)?.[1]);
    const data = await connectData(port);
    const received = receiveAll(data);
    expect((await client.command('RETR up.bin')).code).toBe(150);
    expect((await received).equals(content)).toBe(true);
    expect((await client.reply()).code).toBe(226);
  });
});

describe('revoked accounts', () => {
  it('closes the session with 421 at the next command after the account is revoked', async () => {
    const revocation = new AbortController();
    const server = await startTestServer({ revoked: revocation.signal });
    try {
      const client = await server.login();
      expect((await client.command('PWD')).code).toBe(257);
      revocation.abort();
      expect((await client.command('PWD')).code).toBe(421);
      await client.closed;
    } finally {
      await server.stop();
    }
  });
});
