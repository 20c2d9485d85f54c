/**
 * One control connection. The socket feeds the line framer; each line is parsed and queued, and the
 * next queued command runs only when the previous one is done (replies stay in order, backpressure
 * comes for free). While a transfer runs, commands marked `duringTransfer` (ABOR, STAT, QUIT, NOOP)
 * are answered at once; the control socket is never paused, so ABOR always gets through.
 */
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  formatReply,
  isAcceptablePathInput,
  LineFramer,
  normalizeAddress,
  parseCommand,
  resolvePath,
  type ParsedCommand,
} from '@bucketftp/protocol';
import type { StorageDriver } from '@bucketftp/storage';
import type { Permission, UserAccount } from './auth.js';
import type { CommandTable } from './commands/table.js';
import type { CommandContext, ConnectionInfo, LoginOutcome } from './context.js';
import { DataChannel } from './data/data-channel.js';
import type { PassivePorts } from './data/passive-ports.js';
import { writeLines } from './commands/shared/write-lines.js';
import { dispatch } from './dispatcher.js';
import { FtpError } from './errors.js';
import type { Logger } from './logger.js';
import type { ResolvedOptions } from './options.js';
import { SessionState } from './session-state.js';
import { SessionStats } from './stats.js';
import { TransferRunner } from './transfer-runner.js';

export interface SessionDeps {
  readonly id: string;
  readonly options: ResolvedOptions;
  readonly commands: CommandTable;
  readonly ports: PassivePorts;
}

export class Session {
  readonly state = new SessionState();
  readonly stats = new SessionStats();
  readonly connection: ConnectionInfo;
  private log: Logger;
  private readonly framer: LineFramer;
  private readonly data: DataChannel;
  private readonly transfers: TransferRunner;
  private readonly context: CommandContext;
  private readonly queue: ParsedCommand[] = [];
  /** Commands answered at once during a transfer (ABOR, STAT, QUIT, NOOP) that have not finished yet. */
  private readonly immediate = new Set<Promise<void>>();
  private pumping = false;
  /** The command whose first reply the observer has not seen yet. */
  private unansweredVerb: string | undefined;
  private readonly openedAt = performance.now();
  private closing = false;
  private readonly closed: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private readonly deps: SessionDeps,
  ) {
    const { limits, passive, logger } = deps.options;
    this.connection = {
      localAddress: normalizeAddress(socket.localAddress ?? ''),
      localPort: socket.localPort ?? 0,
      remoteAddress: normalizeAddress(socket.remoteAddress ?? ''),
      remotePort: socket.remotePort ?? 0,
    };
    this.log = logger.child({ sid: deps.id, remote: this.connection.remoteAddress });
    this.framer = new LineFramer({ maxLineLength: limits.maxLineLength });
    this.data = new DataChannel({
      bindAddress: this.connection.localAddress,
      peerAddress: this.connection.remoteAddress,
      allowFxp: () => this.state.account?.allowFxp === true,
      ports: deps.ports,
      acceptTimeoutMs: passive.acceptTimeoutMs,
      connectTimeoutMs: limits.connectTimeoutMs,
      log: this.log,
    });
    this.transfers = new TransferRunner({
      data: this.data,
      stats: this.stats,
      dataTimeoutMs: limits.dataTimeoutMs,
      reply: (code, text) => this.write(formatReply(code, text)),
      answered: (verb, code) => this.deps.options.observer.command?.({ verb, code }),
      log: () => this.log,
      report: (record) =>
        this.deps.options.observer.transfer?.({ sid: this.deps.id, user: this.state.account?.username, ...record }),
    });
    this.context = this.createContext();
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Greets the client and serves it until either side closes; resolves when the socket is closed. */
  async serve(): Promise<void> {
    const { socket } = this;
    socket.setNoDelay(true);
    socket.setTimeout(this.deps.options.limits.idleTimeoutMs, () => this.onIdle());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.log.debug({ err: error }, 'control connection error'));
    socket.once('close', () => void this.onClose());
    this.log.info({ local: `${this.connection.localAddress}:${this.connection.localPort}` }, 'session start');
    this.deps.options.observer.sessionOpened?.({ sid: this.deps.id, remoteAddress: this.connection.remoteAddress });
    this.reply(220, `${this.deps.options.serverName} FTP server ready.`);
    await this.closed;
  }

  /** Ends the session with a final reply (server shutdown, limits). */
  end(code: number, text: string): void {
    this.reply(code, text);
    this.closeControl();
  }

  /** Aborts a running transfer (shutdown after the grace period). */
  async abortTransfer(): Promise<void> {
    await this.transfers.abort();
  }

  /** Resolves once no transfer runs. */
  transfersIdle(): Promise<void> {
    return this.transfers.idle();
  }

  private reply(code: number, text: string | readonly string[]): void {
    this.noteAnswer(code);
    this.write(formatReply(code, text));
  }

  private write(text: string): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    this.socket.write(text);
  }

  /** Reports a command with the code of its first reply (for transfers: 150, or the error that prevented it). */
  private noteAnswer(code: number): void {
    const verb = this.unansweredVerb;
    if (verb === undefined) return;
    this.unansweredVerb = undefined;
    this.deps.options.observer.command?.({ verb, code });
  }

  private replyHyphenated(code: number, lines: readonly string[]): void {
    this.noteAnswer(code);
    const last = lines.length - 1;
    this.write(lines.map((line, i) => formatReply(code, line).replace(/^(\d{3}) /, i < last ? '$1-' : '$1 ')).join(''));
  }

  private async replyStream(code: number, first: string, lines: AsyncIterable<string>, last: string): Promise<void> {
    this.noteAnswer(code);
    const controller = new AbortController();
    const stop = () => controller.abort();
    this.socket.once('close', stop);
    try {
      async function* body() {
        yield `${code}-${first.replace(/[\r\n]/g, ' ')}\r\n`;
        // RFC 959 §4.2: continuation lines start with a space, so none can look like the final line.
        for await (const line of lines) yield ` ${line.replace(/[\r\n]/g, ' ')}\r\n`;
        yield formatReply(code, last);
      }
      await writeLines(this.socket, body(), controller.signal);
    } finally {
      this.socket.off('close', stop);
    }
  }

  private onData(chunk: Buffer): void {
    for (const item of this.framer.push(chunk)) {
      if (item.kind === 'too-long') {
        this.enqueueError(500, 'Command line too long.');
        continue;
      }
      if (item.line.length === 0) continue;
      const parsed = parseCommand(item.line);
      if (!parsed.ok) {
        this.enqueueError(parsed.reason === 'invalid-utf8' ? 501 : 500, parsed.reason === 'invalid-utf8' ? 'Invalid UTF-8 in command (RFC 2640).' : 'Syntax error, command unrecognized.');
        continue;
      }
      this.accept(parsed.command);
    }
  }

  private accept(command: ParsedCommand): void {
    const spec = this.deps.commands.get(command.verb);
    if (spec?.duringTransfer && this.transfers.current) {
      const task = this.execute(command).finally(() => this.immediate.delete(task));
      this.immediate.add(task);
      return;
    }
    if (this.queue.length >= this.deps.options.limits.maxPendingCommands) {
      this.end(421, 'Too many pending commands; closing control connection.');
      return;
    }
    this.queue.push(command);
    void this.pump();
  }

  private enqueueError(code: number, text: string): void {
    // A pseudo-command keeps error replies in order with queued commands.
    this.accept({ verb: `\u0000${code}`, arg: text });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.closing) {
        const command = this.queue.shift()!;
        const spec = this.deps.commands.get(command.verb);
        if (!spec?.duringTransfer) await this.transfersSettled();
        await this.execute(command);
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * Waits for the running transfer and for the commands answered during it, so that e.g. ABOR's 426
   * and 226 always come before the reply to a command queued behind the transfer.
   */
  private async transfersSettled(): Promise<void> {
    while (this.transfers.current || this.immediate.size > 0) {
      await this.transfers.idle();
      await Promise.all(this.immediate);
    }
  }

  private async execute(command: ParsedCommand): Promise<void> {
    if (command.verb.startsWith('\u0000')) {
      this.state.renameFrom = undefined; // RFC 959 §4.1.3: RNTO must immediately follow RNFR
      this.reply(Number(command.verb.slice(1)), command.arg);
      return;
    }
    if (this.state.account?.revoked?.aborted) {
      this.log.info('account changed or removed: closing session');
      this.end(421, 'Your account was changed or removed; please log in again.');
      return;
    }
    this.log.debug({ cmd: command.verb, arg: command.verb === 'PASS' ? '****' : command.arg }, 'command');
    this.unansweredVerb = this.deps.commands.get(command.verb) ? command.verb : 'unknown';
    await dispatch(this.context, this.deps.commands, command);
    // Not answered yet: a transfer started, and the runner reports its first reply (150 or 425).
    this.unansweredVerb = undefined;
  }

  private onIdle(): void {
    if (this.transfers.current) return; // the data timeout guards a running transfer
    this.end(421, `Idle timeout (${Math.round(this.deps.options.limits.idleTimeoutMs / 1000)} s): closing control connection.`);
  }

  private closeControl(): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.end();
    // A client that never reads its replies must not keep the socket alive.
    setTimeout(() => this.socket.destroy(), 5_000).unref();
  }

  private async onClose(): Promise<void> {
    this.closing = true;
    this.queue.length = 0;
    await this.transfers.abort();
    this.data.reset();
    this.log.info({ user: this.state.account?.username, bytes: this.stats.totalBytes, transfers: this.stats.transfers }, 'session end');
    this.deps.options.observer.sessionClosed?.({
      sid: this.deps.id,
      user: this.state.account?.username,
      durationMs: Math.round(performance.now() - this.openedAt),
    });
  }

  private requireAccount(): UserAccount {
    const account = this.state.account;
    if (!account) throw new FtpError(530, 'Please log in with USER and PASS.');
    return account;
  }

  private async login(username: string, password: string): Promise<LoginOutcome> {
    const { authenticator, limits } = this.deps.options;
    const account = await authenticator.authenticate({ username, password, remoteAddress: this.connection.remoteAddress });
    const { observer } = this.deps.options;
    observer.login?.({ sid: this.deps.id, user: username, remoteAddress: this.connection.remoteAddress, ok: account !== undefined });
    if (!account) {
      this.state.loginFailures += 1;
      this.log.warn({ user: username, failures: this.state.loginFailures }, 'login failed');
      if (limits.loginFailureDelayMs > 0) await sleep(limits.loginFailureDelayMs);
      return this.state.loginFailures >= limits.maxLoginFailures ? 'disconnect' : 'retry';
    }
    this.state.account = account;
    this.log = this.log.child({ user: account.username });
    this.log.info('login');
    return 'ok';
  }

  private createContext(): CommandContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const session = this;
    return {
      state: this.state,
      connection: this.connection,
      serverName: this.deps.options.serverName,
      stats: this.stats,
      data: this.data,
      transfers: this.transfers,
      commands: this.deps.commands.specs,
      get log() {
        return session.log;
      },
      get account(): UserAccount {
        return session.requireAccount();
      },
      get storage(): StorageDriver {
        return session.requireAccount().storage;
      },
      publicAddress: this.deps.options.passive.publicAddress,
      reply: (code, text) => this.reply(code, text),
      replyStream: (code, first, lines, last) => this.replyStream(code, first, lines, last),
      logout: () => {
        this.state.reset();
        this.log = this.deps.options.logger.child({ sid: this.deps.id, remote: this.connection.remoteAddress });
      },
      replyHyphenated: (code, lines) => this.replyHyphenated(code, lines),
      requirePermission: (permission: Permission) => {
        if (!this.requireAccount().permissions.has(permission)) throw new FtpError(550, 'Permission denied.');
      },
      resolvePath: (arg: string) => {
        if (!isAcceptablePathInput(arg)) throw new FtpError(501, 'Invalid path.');
        return resolvePath(this.state.cwd, arg);
      },
      login: (username, password) => this.login(username, password),
      close: () => this.closeControl(),
    };
  }
}
