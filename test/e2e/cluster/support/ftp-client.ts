/**
 * A small FTP client for the cluster tests: it connects from a chosen loopback address (so that
 * many clients can be told apart behind one load balancer), and streams uploads and downloads
 * (downloads are hashed as they arrive, nothing is held whole).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { patternStream } from '../../support/files.js';

export interface Reply {
  readonly code: number;
  readonly text: string;
}

export type PassiveKind = 'PASV' | 'EPSV';

export class FtpClient {
  private buffered = '';
  private readonly replies: Reply[] = [];
  private waiting: ((reply: Reply | Error) => void) | undefined;
  private failure: Error | undefined;
  private partial: string[] = [];

  private constructor(
    private readonly socket: Socket,
    readonly host: string,
    readonly localAddress: string,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.onData(text));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('control connection closed')));
  }

  static async connect(host: string, port: number, localAddress: string): Promise<FtpClient> {
    const socket = connect({ host, port, localAddress });
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    const client = new FtpClient(socket, host, localAddress);
    await client.expect(await client.read(), 220);
    return client;
  }

  async command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return await this.read();
  }

  async login(username: string, password: string): Promise<void> {
    await this.expect(await this.command(`USER ${username}`), 331);
    await this.expect(await this.command(`PASS ${password}`), 230);
    await this.expect(await this.command('TYPE I'), 200);
  }

  /** PASV (RFC 959 §4.1.2) or EPSV (RFC 2428 §3): where to open the next data connection. */
  async passive(kind: PassiveKind): Promise<{ host: string; port: number }> {
    const reply = await this.command(kind);
    if (kind === 'EPSV') {
      const match = /\(\|\|\|(\d+)\|\)/.exec(reply.text);
      if (reply.code !== 229 || !match) throw new Error(`EPSV answered ${reply.code} ${reply.text}`);
      return { host: this.host, port: Number(match[1]) };
    }
    const match = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(reply.text);
    if (reply.code !== 227 || !match) throw new Error(`PASV answered ${reply.code} ${reply.text}`);
    const [h1, h2, h3, h4, p1 = 0, p2 = 0] = match.slice(1).map(Number);
    return { host: `${h1}.${h2}.${h3}.${h4}`, port: p1 * 256 + p2 };
  }

  /** STOR over a data connection to `target` (from passive()): `size` pattern bytes of `seed`. */
  async upload(name: string, target: { host: string; port: number }, size: number, seed: string): Promise<void> {
    const data = await this.dial(target);
    try {
      await this.expect(await this.command(`STOR ${name}`), 150);
      await pipeline(patternStream(size, seed), data);
      await this.expect(await this.read(30_000), 226);
    } finally {
      data.destroy();
    }
  }

  /** RETR over a data connection to `target`; resolves with the SHA-256 of what arrived. */
  async download(name: string, target: { host: string; port: number }): Promise<string> {
    const data = await this.dial(target);
    try {
      await this.expect(await this.command(`RETR ${name}`), 150);
      const hash = createHash('sha256');
      await pipeline(data, hash);
      await this.expect(await this.read(30_000), 226);
      return hash.digest('hex');
    } finally {
      data.destroy();
    }
  }

  /** RETR over a data connection to `target`, only counting the bytes (for throughput: no hashing cost). */
  async downloadCount(name: string, target: { host: string; port: number }): Promise<number> {
    const data = await this.dial(target);
    try {
      await this.expect(await this.command(`RETR ${name}`), 150);
      let bytes = 0;
      for await (const chunk of data) bytes += (chunk as Buffer).length;
      await this.expect(await this.read(30_000), 226);
      return bytes;
    } finally {
      data.destroy();
    }
  }

  async quit(): Promise<void> {
    try {
      await this.command('QUIT');
    } finally {
      this.socket.destroy();
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private async dial(target: { host: string; port: number }): Promise<Socket> {
    const socket = connect({ host: target.host, port: target.port, localAddress: this.localAddress, noDelay: true });
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    return socket;
  }

  private async expect(reply: Reply, code: number): Promise<void> {
    if (reply.code !== code) throw new Error(`expected ${code}, got ${reply.code} ${reply.text}`);
  }

  private read(timeoutMs = 15_000): Promise<Reply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = (reply) => {
        clearTimeout(timer);
        this.waiting = undefined;
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      };
    });
  }

  private onData(text: string): void {
    this.buffered += text;
    let end: number;
    while ((end = this.buffered.indexOf('\r\n')) !== -1) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      this.partial.push(line);
      const first = this.partial[0] ?? '';
      // RFC 959 §4.2: a multi-line reply starts with "xyz-" and ends with a line "xyz ".
      if (first[3] === '-' && !(this.partial.length > 1 && line.startsWith(`${first.slice(0, 3)} `))) continue;
      const reply = { code: Number(first.slice(0, 3)), text: line.slice(4) };
      this.partial = [];
      if (this.waiting) this.waiting(reply);
      else this.replies.push(reply);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.(error);
  }
}
