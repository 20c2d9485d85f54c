/**
 * A control connection for tests that choose their local address (to look like another host on
 * 127.0.0.0/8) and need the raw bytes the server sent, as well as complete replies (RFC 959 §4.2).
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface RawReply {
  readonly code: number;
  readonly lines: readonly string[];
}

export class RawControl {
  private received: Buffer[] = [];
  private unread = '';
  private readonly waiters: (() => void)[] = [];
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received.push(chunk);
      this.unread += chunk.toString('latin1');
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
  }

  static async connect(options: { host: string; port: number; localAddress?: string }): Promise<RawControl> {
    const socket = connect(options);
    await once(socket, 'connect');
    return new RawControl(socket);
  }

  /** Every byte the server sent so far. */
  get bytes(): Buffer {
    return Buffer.concat(this.received);
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  async command(line: string): Promise<RawReply> {
    this.write(`${line}\r\n`);
    return await this.reply();
  }

  async login(username: string, password: string): Promise<void> {
    const user = await this.command(`USER ${username}`);
    const pass = await this.command(`PASS ${password}`);
    if (user.code !== 331 || pass.code !== 230) throw new Error(`login failed: ${user.lines.join(' ')} / ${pass.lines.join(' ')}`);
  }

  /** The next complete reply (a multi-line one ends with the line `ddd ` of its code). */
  async reply(): Promise<RawReply> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.nextLine();
      lines.push(line);
      const first = lines[0] ?? '';
      const code = first.slice(0, 3);
      if (first[3] !== '-' || (lines.length > 1 && line.startsWith(`${code} `))) return { code: Number(code), lines };
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private async nextLine(): Promise<string> {
    for (;;) {
      const end = this.unread.indexOf('\r\n');
      if (end !== -1) {
        const line = this.unread.slice(0, end);
        this.unread = this.unread.slice(end + 2);
        return line;
      }
      if (this.ended) throw new Error('control connection closed');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
