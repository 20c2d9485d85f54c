/**
 * A minimal FTP client for measurements a full client library hides: the time from sending a
 * command to the first data byte, and many sessions at once with little client overhead.
 * Binary type, passive mode through EPSV (RFC 2428 §3), one command at a time.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Reply {
  readonly code: number;
  readonly text: string;
}

export interface Retrieval {
  /** Milliseconds from writing the command to the first data byte (undefined if none came). */
  readonly firstByteMs: number | undefined;
  /** Milliseconds from writing the command to the final reply. */
  readonly totalMs: number;
  readonly bytes: number;
}

export class FtpClient {
  private buffered = '';
  private multiline: { code: string; lines: string[] } | undefined;
  private readonly replies: Reply[] = [];
  private readonly waiters: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | undefined;
  private data: Socket | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly host: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.receive(text));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('control connection closed')));
  }

  /** Connects and reads the greeting; every socket is destroyed once `timeoutMs` has passed. */
  static async connect(host: string, port: number, timeoutMs = 120_000): Promise<FtpClient> {
    const socket = connect({ host, port });
    const client = new FtpClient(socket, host);
    const timer = setTimeout(() => client.destroy(new Error(`FTP session timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    expectCode(await client.nextReply(), [220], 'greeting');
    return client;
  }

  async login(username: string, password: string): Promise<void> {
    const user = await this.command(`USER ${username}`);
    if (user.code === 331) expectCode(await this.command(`PASS ${password}`), [230], 'PASS');
    else expectCode(user, [230], 'USER');
    expectCode(await this.command('TYPE I'), [200], 'TYPE I');
  }

  /** Sends one command line and returns its next reply. */
  async command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.nextReply();
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
    expectCode(await this.nextReply(), [226, 250], line);
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
    expectCode(await this.nextReply(), [226, 250], `RETR ${path}`);
    return { firstByteMs: undefined, totalMs: performance.now() - started, bytes };
  }

  /**
   * STOR of `body` (bytes, or a stream piped with backpressure); resolves on the final reply.
   * `commitMs` is the wait between the last byte leaving and that reply: the server's commit.
   */
  async store(path: string, body: Buffer | Readable): Promise<{ readonly totalMs: number; readonly commitMs: number }> {
    const data = await this.openData();
    const closed = once(data, 'close');
    const started = performance.now();
    const preliminary = await this.command(`STOR ${path}`);
    if (preliminary.code !== 125 && preliminary.code !== 150) {
      data.destroy();
      throw unexpected(preliminary, `STOR ${path}`);
    }
    if (Buffer.isBuffer(body)) await new Promise<void>((resolve) => data.end(body, resolve));
    else await pipeline(body, data);
    // Every byte is with the kernel and our FIN is queued; the server closes its side only after
    // its commit (its side stays open to tell a clean end from a reset).
    const sent = performance.now();
    await closed;
    expectCode(await this.nextReply(), [226, 250], `STOR ${path}`);
    const ended = performance.now();
    return { totalMs: ended - started, commitMs: ended - sent };
  }

  async quit(): Promise<void> {
    try {
      await this.command('QUIT');
    } finally {
      this.socket.destroy();
    }
  }

  destroy(error?: Error): void {
    if (error) this.fail(error);
    this.data?.destroy(error);
    this.socket.destroy();
  }

  private async openData(): Promise<Socket> {
    const reply = expectCode(await this.command('EPSV'), [229], 'EPSV');
    const port = /\(\|\|\|(\d+)\|\)/.exec(reply.text)?.[1]; // RFC 2428 §3
    if (!port) throw new Error(`EPSV: no port in "${reply.text}"`);
    const data = connect({ host: this.host, port: Number(port) });
    this.data = data;
    await once(data, 'connect');
    return data;
  }

  private nextReply(): Promise<Reply> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private receive(text: string): void {
    this.buffered += text;
    for (let end = this.buffered.indexOf('\r\n'); end !== -1; end = this.buffered.indexOf('\r\n')) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      this.receiveLine(line);
    }
  }

  // RFC 959 §4.2: a multi-line reply starts with "123-" and ends with a line starting "123 ".
  private receiveLine(line: string): void {
    if (this.multiline) {
      this.multiline.lines.push(line);
      if (line.startsWith(`${this.multiline.code} `)) {
        this.deliver({ code: Number(this.multiline.code), text: this.multiline.lines.join('\n') });
        this.multiline = undefined;
      }
      return;
    }
    const match = /^(\d{3})([ -])/.exec(line);
    if (!match?.[1]) return;
    if (match[2] === '-') this.multiline = { code: match[1], lines: [line] };
    else this.deliver({ code: Number(match[1]), text: line });
  }

  private deliver(reply: Reply): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(reply);
    else this.replies.push(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
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

function expectCode(reply: Reply, codes: readonly number[], what: string): Reply {
  if (!codes.includes(reply.code)) throw unexpected(reply, what);
  return reply;
}

function unexpected(reply: Reply, what: string): Error {
  return new Error(`${what}: unexpected reply ${reply.text}`);
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
