/**
 * The bench's timed FTP session: the protocol is the test kit's (`@bucketftp/server/testing`); this
 * adds what the measurements need: the time from sending a command to the first data byte and to
 * the final reply, the server's commit time after an upload, and a deadline for the whole session.
 * Binary type, passive mode through EPSV (RFC 2428 §3), one command at a time.
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { connectData, ControlClient, expectReply, parseEpsvReply, type FtpReply } from '@bucketftp/server/testing';

export interface Retrieval {
  /** Milliseconds from writing the command to the first data byte (undefined if none came). */
  readonly firstByteMs: number | undefined;
  /** Milliseconds from writing the command to the final reply. */
  readonly totalMs: number;
  readonly bytes: number;
}

export class FtpClient {
  private data: Socket | undefined;
  private failure: Error | undefined;

  private constructor(private readonly control: ControlClient) {}

  /** Connects and reads the greeting; every socket is destroyed once `timeoutMs` has passed. */
  static async connect(host: string, port: number, timeoutMs = 120_000): Promise<FtpClient> {
    const control = await ControlClient.connect({ host, port });
    const client = new FtpClient(control);
    const timer = setTimeout(() => client.destroy(new Error(`FTP session timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    control.socket.once('close', () => clearTimeout(timer));
    expectReply(await client.nextReply(), 'greeting', 220);
    return client;
  }

  async login(username: string, password: string): Promise<void> {
    const user = await this.command(`USER ${username}`);
    if (user.code === 331) expectReply(await this.command(`PASS ${password}`), 'PASS', 230);
    else expectReply(user, 'USER', 230);
    expectReply(await this.command('TYPE I'), 'TYPE I', 200);
  }

  /** MKD `path`; anything but 257 throws. */
  async makeDirectory(path: string): Promise<void> {
    expectReply(await this.command(`MKD ${path}`), `MKD ${path}`, 257);
  }

  /** Sends one command line and returns its next reply. */
  async command(line: string): Promise<FtpReply> {
    this.control.send(line);
    return await this.nextReply();
  }

  /** Runs a command that sends data to us (RETR, LIST, MLSD, NLST), handing each chunk to `onChunk`. */
  async retrieve(line: string, onChunk?: (chunk: Buffer) => void): Promise<Retrieval> {
    const data = await this.openData();
    let firstByteAt: number | undefined;
    let bytes = 0;
    data.on('data', (chunk: Buffer) => {
      firstByteAt ??= performance.now();
      bytes += chunk.length;
      onChunk?.(chunk);
    });
    const drained = dataEnded(data);
    const started = performance.now();
    const preliminary = await this.command(line);
    if (preliminary.code !== 125 && preliminary.code !== 150) {
      data.destroy();
      throw unexpected(preliminary, line);
    }
    await drained;
    expectReply(await this.nextReply(), line, 226, 250);
    const ended = performance.now();
    return { firstByteMs: firstByteAt === undefined ? undefined : firstByteAt - started, totalMs: ended - started, bytes };
  }

  /** RETR into `destination`, with backpressure: a slow destination slows the transfer down. */
  async retrieveTo(path: string, destination: Writable): Promise<Retrieval> {
    const data = await this.openData();
    let bytes = 0;
    data.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const started = performance.now();
    const preliminary = await this.command(`RETR ${path}`);
    if (preliminary.code !== 125 && preliminary.code !== 150) {
      data.destroy();
      throw unexpected(preliminary, `RETR ${path}`);
    }
    await pipeline(data, destination);
    expectReply(await this.nextReply(), `RETR ${path}`, 226, 250);
    return { firstByteMs: undefined, totalMs: performance.now() - started, bytes };
  }

  /**
   * STOR of `body` (bytes, or a stream piped with backpressure); resolves on the final reply.
   * `commitMs` is the wait between the last byte leaving and that reply: the server's commit.
   */
  async store(path: string, body: Buffer | Readable): Promise<{ readonly totalMs: number; readonly commitMs: number }> {
    const data = await this.openData();
    data.resume(); // nothing comes this way; reading lets the server's end of the connection arrive
    const started = performance.now();
    const preliminary = await this.command(`STOR ${path}`);
    if (preliminary.code !== 125 && preliminary.code !== 150) {
      data.destroy();
      throw unexpected(preliminary, `STOR ${path}`);
    }
    if (Buffer.isBuffer(body)) await new Promise<void>((resolve) => data.end(body, resolve));
    else await pipeline(body, data);
    // Every byte is with the kernel and our FIN is queued; the final reply comes after the commit.
    const sent = performance.now();
    expectReply(await this.nextReply(), `STOR ${path}`, 226, 250);
    const ended = performance.now();
    data.destroy();
    return { totalMs: ended - started, commitMs: ended - sent };
  }

  async quit(): Promise<void> {
    try {
      await this.command('QUIT');
    } finally {
      this.control.destroy();
    }
  }

  destroy(error?: Error): void {
    if (error) this.failure ??= error;
    this.data?.destroy(error);
    this.control.destroy();
  }

  private async openData(): Promise<Socket> {
    const port = parseEpsvReply(await this.command('EPSV'));
    this.data = await connectData(port, { host: this.control.host });
    return this.data;
  }

  /** The next reply; once the session deadline has passed, the reason rather than "closed". */
  private async nextReply(): Promise<FtpReply> {
    if (this.failure) throw this.failure;
    try {
      return await this.control.reply();
    } catch (error) {
      throw this.failure ?? error;
    }
  }
}

function dataEnded(data: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    let ended = false;
    data.once('end', () => {
      ended = true;
      resolve();
    });
    data.once('error', reject);
    data.once('close', () => (ended ? resolve() : reject(new Error('data connection closed before its end'))));
  });
}

function unexpected(reply: FtpReply, what: string): Error {
  return new Error(`${what}: unexpected reply ${reply.lines.join(' / ')}`);
}

/** Splits a listing into lines as it streams in and counts those `matches` accepts. */
export class LineCounter {
  private rest = '';
  count = 0;

  constructor(private readonly matches: (line: string) => boolean) {}

  push(chunk: Buffer): void {
    const lines = (this.rest + chunk.toString('utf8')).split('\r\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) if (this.matches(line)) this.count++;
  }

  end(): number {
    if (this.rest !== '' && this.matches(this.rest)) this.count++;
    this.rest = '';
    return this.count;
  }
}
