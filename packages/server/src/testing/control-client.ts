/**
 * The FTP control-connection client for tests: it writes bytes exactly as given and reads replies
 * by the RFC 959 §4.2 rules (a multi-line reply starts with `ddd-` and ends with the first line that
 * starts with `ddd ` of the same code). It can come from a chosen local address, start with a
 * PROXY header, speak implicit FTPS or upgrade with AUTH TLS, and keeps every byte it received.
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

/** Where a passive data connection goes: PASV (RFC 959 §4.1.2) or EPSV (RFC 2428 §3). */
export type PassiveKind = 'PASV' | 'EPSV';

export interface DataTarget {
  readonly host: string;
  readonly port: number;
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
  /** Read the greeting before resolving, and fail unless it is 220. */
  readonly greeting?: boolean;
}

export class ControlClient {
  private pending: Buffer = Buffer.alloc(0);
  private readonly received: Buffer[] = [];
  private readonly lines: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private ended = false;
  /** Resolves once the server has closed the connection (or it failed). */
  readonly closed: Promise<void>;
  private current: Socket;
  /** The latest TLS session of the control connection (TLS 1.3 delivers it after the handshake). */
  tlsSession: Buffer | undefined;
  private readonly onDataBound = (chunk: Buffer) => this.onData(chunk);

  private constructor(
    socket: Socket,
    /** The host the client connected to (where an EPSV data connection goes). */
    readonly host: string,
    /** The local address the client connected from, if one was chosen. */
    readonly localAddress: string | undefined,
  ) {
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

  static async connect(options: ControlClientOptions): Promise<ControlClient> {
    const client = await ControlClient.open(options);
    if (options.greeting) {
      const greeting = await client.reply();
      if (greeting.code !== 220) {
        client.destroy();
        throw new Error(`unexpected greeting ${greeting.lines.join(' / ')}`);
      }
    }
    return client;
  }

  private static open(options: ControlClientOptions): Promise<ControlClient> {
    const host = options.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port: options.port, localAddress: options.localAddress });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        if (options.preface) socket.write(options.preface);
        if (!options.implicitTls) {
          resolve(new ControlClient(socket, host, options.localAddress));
          return;
        }
        const secure = connectTls({ socket, rejectUnauthorized: false });
        const client = new ControlClient(secure, host, options.localAddress);
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

  /** Every byte the server sent so far (after TLS: the decrypted bytes). */
  get bytes(): Buffer {
    return Buffer.concat(this.received);
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

  /** Reads the next complete reply; with `timeoutMs`, fails if it has not arrived by then. */
  async reply(timeoutMs?: number): Promise<FtpReply> {
    const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
    const first = await this.nextLine(deadline);
    const match = /^(\d{3})([ -]|$)/.exec(first);
    if (!match) throw new Error(`not a reply line: ${JSON.stringify(first)}`);
    const code = Number(match[1]);
    const lines = [first];
    if (match[2] === '-') {
      for (;;) {
        const line = await this.nextLine(deadline);
        lines.push(line);
        if (line.startsWith(`${code} `) || line === String(code)) break;
      }
    }
    const last = lines[lines.length - 1] ?? '';
    return { code, lines, text: last.slice(4) };
  }

  /** Sends a command and reads its reply. */
  async command(line: string, timeoutMs?: number): Promise<FtpReply> {
    this.send(line);
    return await this.reply(timeoutMs);
  }

  /** Sends a command and fails unless the reply has one of the `expected` codes. */
  async expect(line: string, ...expected: number[]): Promise<FtpReply> {
    return expectReply(await this.command(line), line, ...expected);
  }

  /** USER + PASS; throws unless the login succeeds. */
  async login(username = 'alice', password = 'secret'): Promise<void> {
    const user = await this.command(`USER ${username}`);
    if (user.code !== 331) throw new Error(`USER: ${user.lines.join(' / ')}`);
    const pass = await this.command(`PASS ${password}`);
    if (pass.code !== 230) throw new Error(`PASS: ${pass.lines.join(' / ')}`);
  }

  /**
   * PASV (RFC 959 §4.1.2) or EPSV (RFC 2428 §3): where to open the next data connection. EPSV
   * names no host, so the data connection goes to the host this client connected to.
   */
  async passive(kind: PassiveKind = 'PASV'): Promise<DataTarget> {
    const reply = await this.command(kind);
    return kind === 'EPSV' ? { host: this.host, port: parseEpsvReply(reply) } : parsePasvReply(reply);
  }

  /** QUIT, then closes the connection whatever the answer. */
  async quit(): Promise<void> {
    try {
      await this.command('QUIT');
    } finally {
      this.destroy();
    }
  }

  /** True when the server closed the connection and every reply has been read. */
  get finished(): boolean {
    return this.ended && this.lines.length === 0 && this.pending.length === 0;
  }

  destroy(): void {
    this.current.destroy();
  }

  private onData(chunk: Buffer): void {
    this.received.push(chunk);
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (let end = this.pending.indexOf('\r\n'); end !== -1; end = this.pending.indexOf('\r\n')) {
      this.lines.push(this.pending.subarray(0, end).toString('utf8'));
      this.pending = this.pending.subarray(end + 2);
    }
    this.notify();
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private async nextLine(deadline: number | undefined): Promise<string> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.ended) throw new Error('control connection closed');
      await this.nextData(deadline);
    }
  }

  private nextData(deadline: number | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const expire = () => {
        this.waiters.splice(this.waiters.indexOf(wake), 1);
        reject(new Error('no reply in time'));
      };
      const timer = deadline === undefined ? undefined : setTimeout(expire, Math.max(0, deadline - performance.now()));
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
    });
  }
}

/** Fails unless `reply` has one of the `expected` codes; `what` names the command in the error. */
export function expectReply(reply: FtpReply, what: string, ...expected: number[]): FtpReply {
  if (!expected.includes(reply.code)) throw new Error(`${what} answered ${reply.lines.join(' / ')} (expected ${expected.join(' or ')})`);
  return reply;
}

/** `227 Entering Passive Mode (h1,h2,h3,h4,p1,p2).` → host and port (RFC 959 §4.1.2). */
export function parsePasvReply(reply: FtpReply): DataTarget {
  const match = /\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(reply.text);
  if (reply.code !== 227 || !match) throw new Error(`not a 227 reply: ${reply.lines.join(' / ')}`);
  const [h1, h2, h3, h4, p1 = 0, p2 = 0] = match.slice(1).map(Number);
  return { host: `${h1}.${h2}.${h3}.${h4}`, port: p1 * 256 + p2 };
}

/** `229 Entering Extended Passive Mode (|||port|)` → port (RFC 2428 §3). */
export function parseEpsvReply(reply: FtpReply): number {
  const match = /\(\|\|\|(\d+)\|\)/.exec(reply.text);
  if (reply.code !== 229 || !match) throw new Error(`not a 229 reply: ${reply.lines.join(' / ')}`);
  return Number(match[1]);
}
