/**
 * A raw FTP control-connection client for tests: it writes bytes exactly as given and reads replies
 * by the RFC 959 §4.2 rules (a multi-line reply starts with `ddd-` and ends with the first line that
 * starts with `ddd ` of the same code).
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';

export interface FtpReply {
  readonly code: number;
  /** Every line of the reply as received, without CRLF. */
  readonly lines: readonly string[];
  /** The text of the last line (after `ddd `). */
  readonly text: string;
}

export interface ControlClientOptions {
  readonly port: number;
  readonly host?: string;
  /** Local address to connect from (e.g. 127.0.0.2 to look like another host). */
  readonly localAddress?: string;
  /** Implicit FTPS: TLS from the first byte (the test certificates are self-signed, so they are not verified). */
  readonly implicitTls?: boolean;
  /** Bytes written as soon as the TCP connection is up, before TLS (a PROXY protocol header). */
  readonly preface?: Uint8Array;
}

export class ControlClient {
  private pending: Buffer = Buffer.alloc(0);
  private readonly lines: string[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  /** Resolves once the server has closed the connection (or it failed). */
  readonly closed: Promise<void>;
  private current: Socket;
  /** The latest TLS session of the control connection (TLS 1.3 delivers it after the handshake). */
  tlsSession: Buffer | undefined;
  private readonly onDataBound = (chunk: Buffer) => this.onData(chunk);

  private constructor(socket: Socket) {
    this.current = socket;
    socket.setNoDelay(true);
    socket.on('data', this.onDataBound);
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.ended = true;
        this.notify();
        resolve();
      });
    });
  }

  static connect(options: ControlClientOptions): Promise<ControlClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: options.host ?? '127.0.0.1', port: options.port, localAddress: options.localAddress });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        if (options.preface) socket.write(options.preface);
        if (!options.implicitTls) {
          resolve(new ControlClient(socket));
          return;
        }
        const secure = connectTls({ socket, rejectUnauthorized: false });
        const client = new ControlClient(secure);
        client.trackSessions(secure);
        secure.once('error', reject);
        secure.once('secureConnect', () => {
          secure.off('error', reject);
          resolve(client);
        });
      });
    });
  }

  /** The socket replies are read from and commands written to (a TLS socket after startTls). */
  get socket(): Socket {
    return this.current;
  }

  /** AUTH TLS, then the TLS handshake over the same connection (RFC 4217 §4.1). */
  async startTls(options: ConnectionOptions = {}): Promise<TLSSocket> {
    const reply = await this.command('AUTH TLS');
    if (reply.code !== 234) throw new Error(`AUTH TLS answered ${reply.lines.join(' / ')}`);
    const plain = this.current;
    plain.off('data', this.onDataBound);
    const secure = connectTls({ socket: plain, rejectUnauthorized: false, ...options });
    secure.on('data', this.onDataBound);
    secure.on('error', () => undefined);
    this.trackSessions(secure);
    this.current = secure;
    await once(secure, 'secureConnect');
    return secure;
  }

  private trackSessions(secure: TLSSocket): void {
    secure.on('session', (session: Buffer) => {
      this.tlsSession = session;
    });
  }

  /** Writes bytes as they are (no CRLF added). */
  write(data: string | Uint8Array): void {
    this.current.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** Writes one command line followed by CRLF. */
  send(line: string): void {
    this.write(`${line}\r\n`);
  }

  /** Reads the next complete reply. */
  async reply(): Promise<FtpReply> {
    const first = await this.nextLine();
    const match = /^(\d{3})([ -]|$)/.exec(first);
    if (!match) throw new Error(`not a reply line: ${JSON.stringify(first)}`);
    const code = Number(match[1]);
    const lines = [first];
    if (match[2] === '-') {
      for (;;) {
        const line = await this.nextLine();
        lines.push(line);
        if (line.startsWith(`${code} `) || line === String(code)) break;
      }
    }
    const last = lines[lines.length - 1] ?? '';
    return { code, lines, text: last.slice(4) };
  }

  /** Sends a command and reads its reply. */
  async command(line: string): Promise<FtpReply> {
    this.send(line);
    return await this.reply();
  }

  /** USER + PASS; throws unless the login succeeds. */
  async login(username = 'alice', password = 'secret'): Promise<void> {
    const user = await this.command(`USER ${username}`);
    if (user.code !== 331) throw new Error(`USER answered ${user.code}`);
    const pass = await this.command(`PASS ${password}`);
    if (pass.code !== 230) throw new Error(`PASS answered ${pass.code}`);
  }

  /** True when the server closed the connection and every reply has been read. */
  get finished(): boolean {
    return this.ended && this.lines.length === 0 && this.pending.length === 0;
  }

  destroy(): void {
    this.current.destroy();
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (let end = this.pending.indexOf('\r\n'); end !== -1; end = this.pending.indexOf('\r\n')) {
      this.lines.push(this.pending.subarray(0, end).toString('utf8'));
      this.pending = this.pending.subarray(end + 2);
    }
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async nextLine(): Promise<string> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.ended) throw new Error('control connection closed');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}
