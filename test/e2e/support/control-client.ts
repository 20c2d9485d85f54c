/**
 * A bare control-connection client for tests that need exact control over the wire: it sends lines
 * and reads complete replies (multi-line ones included, RFC 959 §4.2).
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface Reply {
  readonly code: number;
  /** Every line of the reply, terminators removed. */
  readonly lines: readonly string[];
}

export class ControlClient {
  private buffered = '';
  private readonly replies: Reply[] = [];
  private waiting: ((reply: Reply | Error) => void) | undefined;
  private pendingLines: string[] = [];
  private closedError: Error | undefined;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.onData(text));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('control connection closed')));
  }

  static async connect(host: string, port: number): Promise<ControlClient> {
    const socket = connect({ host, port });
    await once(socket, 'connect');
    const client = new ControlClient(socket);
    const greeting = await client.read();
    if (greeting.code !== 220) throw new Error(`unexpected greeting ${greeting.lines.join(' / ')}`);
    return client;
  }

  /** Sends one command line and reads its reply. */
  async send(line: string): Promise<Reply> {
    this.write(line);
    return await this.read();
  }

  write(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  /** The next complete reply. */
  read(timeoutMs = 10_000): Promise<Reply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.closedError) return Promise.reject(this.closedError);
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

  async login(username: string, password: string): Promise<void> {
    const user = await this.send(`USER ${username}`);
    if (user.code !== 331) throw new Error(`USER: ${user.lines.join(' / ')}`);
    const pass = await this.send(`PASS ${password}`);
    if (pass.code !== 230) throw new Error(`PASS: ${pass.lines.join(' / ')}`);
  }

  /** EPSV (RFC 2428 §3): the port of the passive listener. */
  async extendedPassive(): Promise<number> {
    const reply = await this.send('EPSV');
    const match = /\(\|\|\|(\d+)\|\)/.exec(reply.lines[0] ?? '');
    if (reply.code !== 229 || !match) throw new Error(`EPSV: ${reply.lines.join(' / ')}`);
    return Number(match[1]);
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(text: string): void {
    this.buffered += text;
    let end: number;
    while ((end = this.buffered.indexOf('\r\n')) !== -1) {
      const line = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    this.pendingLines.push(line);
    const first = this.pendingLines[0] ?? '';
    const code = first.slice(0, 3);
    // RFC 959 §4.2: a multi-line reply starts with "xyz-" and ends with a line "xyz ".
    const complete = first[3] !== '-' || (line.startsWith(code) && line[3] === ' ' && this.pendingLines.length > 1);
    if (!complete) return;
    const reply: Reply = { code: Number(code), lines: this.pendingLines };
    this.pendingLines = [];
    if (this.waiting) this.waiting(reply);
    else this.replies.push(reply);
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    this.waiting?.(error);
  }
}
