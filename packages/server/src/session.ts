/**
 * One control connection: the socket feeds the line framer, each line is parsed and queued
 * (command-queue.ts keeps the order and lets ABOR, STAT, QUIT and NOOP through during a transfer),
 * and the dispatcher runs it. Replies leave through one ReplyWriter; transfers run in the
 * TransferRunner. The control socket is never paused, so ABOR always gets through.
 */
import type { Socket } from 'node:net';
import { LineFramer, parseCommand } from '@bucketftp/protocol';
import type { StorageDriver } from '@bucketftp/storage';
import type { Permission, UserAccount } from './auth.js';
import { CommandQueue, type QueueItem } from './command-queue.js';
import type { CommandTable } from './commands/table.js';
import type { CommandContext, ConnectionInfo, LoginOutcome } from './context.js';
import { ControlConnection } from './control-connection.js';
import { DataChannel } from './data/data-channel.js';
import type { PassiveSource } from './data/passive-source.js';
import { dispatch } from './dispatcher.js';
import { FtpError } from './errors.js';
import type { BanList } from './limits/ban-list.js';
import type { Bandwidth } from './limits/bandwidth.js';
import type { Tally } from './limits/tally.js';
import { SessionDeadlines } from './limits/session-deadlines.js';
import type { Logger } from './logger.js';
import { LoginGate } from './login-gate.js';
import { OPEN_FILE_POLICY, type FilePolicy } from './policy/file-policy.js';
import { resolveVisiblePath } from './policy/visible-path.js';
import type { FileOperation, RefusalReason } from './observer.js';
import type { ResolvedOptions } from './options.js';
import { ProxyHeaderGuard } from './proxy/header-guard.js';
import type { ProxyGate } from './proxy/proxy-gate.js';
import { ReplyWriter } from './reply-writer.js';
import { SessionState } from './session-state.js';
import { SessionStats } from './stats.js';
import { DataProtection } from './tls/data-protection.js';
import { TlsHandshakeError, type ServerTls } from './tls/server-tls.js';
import { TransferRunner } from './transfer-runner.js';

export interface SessionDeps {
  readonly id: string;
  readonly options: ResolvedOptions;
  readonly commands: CommandTable;
  readonly ports: PassiveSource;
  /** The client as far as we know it (a PROXY header's source) and our end of the connection. */
  readonly connection: ConnectionInfo;
  /** Accepted on an implicit-TLS listener: protected from the first byte, PROT P by default. */
  readonly implicitTls: boolean;
  /** A direct connection next to trusted proxies: a PROXY header from it ends the session. */
  readonly refuseProxyHeaders: boolean;
  readonly tls: () => ServerTls | undefined;
  readonly proxy: ProxyGate | undefined;
  readonly bans: BanList;
  /** Logged-in sessions per user, server-wide. */
  readonly users: Tally;
  /** Bandwidth buckets of the process: per user and direction, and server-wide. */
  readonly bandwidth: Bandwidth;
}

export class Session {
  readonly state: SessionState;
  readonly stats = new SessionStats();
  readonly connection: ConnectionInfo;
  private log: Logger;
  private framer: LineFramer;
  private readonly control: ControlConnection;
  private readonly replies: ReplyWriter;
  private readonly headerGuard: ProxyHeaderGuard | undefined;
  private readonly data: DataChannel;
  private readonly transfers: TransferRunner;
  private readonly loginGate: LoginGate;
  private readonly deadlines: SessionDeadlines;
  private readonly context: CommandContext;
  private readonly queue: CommandQueue;
  /** QUIT arrived: a running transfer may still finish after the client hung up (RFC 959 §4.1.1). */
  private quitRequested = false;
  private readonly openedAt = performance.now();
  private closing = false;
  /** Command lines received while nobody was logged in (limits.maxCommandsBeforeLogin). */
  private commandsBeforeLogin = 0;
  /** Gives the user's session slot back (limits.maxConnectionsPerUser). */
  private releaseUser: (() => void) | undefined;
  private readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  constructor(socket: Socket, private readonly deps: SessionDeps) {
    const { limits, passive, logger, tls } = deps.options;
    this.connection = deps.connection;
    this.state = new SessionState({ dataProtection: deps.implicitTls ? 'private' : 'clear' });
    this.log = logger.child({ sid: deps.id, remote: this.connection.remoteAddress });
    this.framer = new LineFramer({ maxLineLength: limits.maxLineLength });
    this.headerGuard = deps.refuseProxyHeaders ? new ProxyHeaderGuard() : undefined;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.control = new ControlConnection(socket, deps.implicitTls, limits.idleTimeoutMs, {
      data: (chunk) => this.onData(chunk),
      idle: () => this.onIdle(),
      error: (error) => this.log.debug({ err: error }, 'control connection error'),
      hungUp: () => this.onHangUp(),
      closed: () => {
        this.onClose().catch((error: unknown) => this.log.error({ err: error }, 'cleaning up the session failed'));
      },
    });
    this.replies = new ReplyWriter(this.control, (verb, code) => this.deps.options.observer.command?.({ verb, code }));
    this.data = new DataChannel({
      bindAddress: this.connection.localAddress,
      peerAddress: this.connection.remoteAddress,
      allowFxp: () => this.state.account?.allowFxp === true,
      ports: deps.ports,
      acceptTimeoutMs: passive.acceptTimeoutMs,
      connectTimeoutMs: limits.connectTimeoutMs,
      keepAliveMs: limits.tcpKeepAliveMs,
      log: this.log,
      identify: deps.proxy && ((data) => deps.proxy!.admitData(data)),
    });
    const tlsEvent = { sid: deps.id, remoteAddress: this.connection.remoteAddress, channel: 'data' } as const;
    this.transfers = new TransferRunner({
      data: this.data,
      security: new DataProtection({
        tls: deps.tls,
        state: this.state,
        requireProtectedData: tls?.requireProtectedData ?? false,
        requireSessionReuse: tls?.requireDataSessionReuse ?? false,
        handshake: (event) => deps.options.observer.tlsHandshake?.({ ...tlsEvent, ...event }),
        failed: (event) => deps.options.observer.tlsHandshakeFailed?.({ ...tlsEvent, ...event }),
      }),
      stats: this.stats,
      dataTimeoutMs: limits.dataTimeoutMs,
      throttle: (direction) => this.state.account && deps.bandwidth.forAccount(direction, this.state.account),
      replies: this.replies,
      log: () => this.log,
      report: (record) => {
        this.deps.options.observer.transfer?.({ sid: this.deps.id, user: this.state.account?.username, ...record });
        // A download happened once every byte was sent; uploads report themselves once committed.
        if (record.kind === 'file' && record.direction === 'download' && record.result === 'ok' && record.path !== undefined) {
          this.fileOperation({ operation: 'download', command: record.command, path: record.path, size: record.bytes, durationMs: record.durationMs });
        }
      },
    });
    this.loginGate = new LoginGate({
      sid: deps.id,
      remoteAddress: this.connection.remoteAddress,
      localAddress: this.connection.localAddress,
      options: deps.options,
      bans: deps.bans,
      users: deps.users,
      state: this.state,
      log: () => this.log,
      secured: () => this.control.secured,
      refused: (reason, user) => this.refused(reason, user),
    });
    this.deadlines = new SessionDeadlines({ ...limits, expired: (kind) => this.onDeadline(kind) });
    this.queue = new CommandQueue({
      maxPending: limits.maxPendingCommands,
      transfers: this.transfers,
      duringTransfer: (verb) => deps.commands.get(verb)?.duringTransfer === true,
      execute: (item) => this.execute(item),
      overflow: () => {
        this.refused('pending-commands');
        this.end(421, 'Too many pending commands; closing control connection.');
      },
      stopped: () => this.closing,
    });
    this.context = this.createContext();
  }

  /** Greets the client and serves it until either side closes; resolves when the socket is closed. */
  async serve(): Promise<void> {
    this.control.start();
    const local = `${this.connection.localAddress}:${this.connection.localPort}`;
    this.log.info({ local, tls: this.control.secured }, 'session start');
    this.deps.options.observer.sessionOpened?.({ sid: this.deps.id, remoteAddress: this.connection.remoteAddress });
    this.replies.reply(220, `${this.deps.options.serverName} FTP server ready.`);
    this.deadlines.start();
    await this.closed;
  }

  /** Ends the session with a final reply (server shutdown, limits). */
  end(code: number, text: string): void {
    this.replies.reply(code, text);
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

  /** The running transfer, if any, with the user it runs for. */
  transferSnapshot(): { user: string | undefined; command: string; path?: string; bytes: number; bufferedBytes: number } | undefined {
    const current = this.transfers.current;
    return current && { user: this.state.account?.username, ...current };
  }

  private onData(input: Buffer): void {
    let chunk = input;
    if (this.headerGuard) {
      const passed = this.headerGuard.push(input);
      if (passed === 'refuse') {
        this.log.warn('PROXY header from an address that is not a trusted proxy');
        this.refused('proxy-header-untrusted');
        this.end(421, 'PROXY protocol headers are only accepted from trusted proxies.');
        return;
      }
      chunk = passed;
    }
    if (this.closing) return;
    const items = this.framer.push(chunk);
    this.deadlines.received(items.length, this.framer.bufferedBytes);
    for (const item of items) {
      if (item.kind === 'too-long') {
        this.queue.push({ kind: 'error', code: 500, text: 'Command line too long.' });
        continue;
      }
      if (item.kind === 'bare-cr') {
        // RFC 959 §5.3.1: a command ends with CRLF; a CR inside it is a syntax error, not a second command.
        this.queue.push({ kind: 'error', code: 501, text: 'Syntax error: CR without LF inside a command line.' });
        continue;
      }
      if (item.line.length === 0) continue;
      const parsed = parseCommand(item.line);
      if (!parsed.ok) {
        const utf8 = parsed.reason === 'invalid-utf8';
        this.queue.push({ kind: 'error', code: utf8 ? 501 : 500, text: utf8 ? 'Invalid UTF-8 in command (RFC 2640).' : 'Syntax error, command unrecognized.' });
        continue;
      }
      this.queue.push({ kind: 'command', command: parsed.command });
    }
  }

  private async execute(item: QueueItem): Promise<void> {
    if (this.closing) return;
    if (this.tooManyBeforeLogin()) return;
    if (item.kind === 'error') {
      this.state.renameFrom = undefined; // RFC 959 §4.1.3: RNTO must immediately follow RNFR
      this.replies.reply(item.code, item.text);
      return;
    }
    const { command } = item;
    if (this.state.account?.revoked?.aborted) {
      this.log.info('account changed or removed: closing session');
      this.end(421, 'Your account was changed or removed; please log in again.');
      return;
    }
    this.log.debug({ cmd: command.verb, arg: command.verb === 'PASS' ? '****' : command.arg }, 'command');
    if (command.verb === 'QUIT') this.quitRequested = true;
    this.replies.begin(this.deps.commands.get(command.verb) ? command.verb : 'unknown');
    await dispatch(this.context, this.deps.commands, command);
    this.replies.end();
  }

  /** limits.maxCommandsBeforeLogin: a connection that keeps talking without logging in is cut off. */
  private tooManyBeforeLogin(): boolean {
    const limit = this.deps.options.limits.maxCommandsBeforeLogin;
    if (this.state.account || limit <= 0) return false;
    this.commandsBeforeLogin += 1;
    if (this.commandsBeforeLogin <= limit) return false;
    this.log.info({ limit }, 'too many commands before login');
    this.refused('commands-before-login');
    this.end(421, 'Too many commands without logging in; closing control connection.');
    return true;
  }

  private onDeadline(kind: 'command-line' | 'login'): void {
    if (this.closing) return;
    const { commandLineTimeoutMs, loginTimeoutMs } = this.deps.options.limits;
    this.log.info({ deadline: kind }, kind === 'login' ? 'no login in time' : 'command line not completed in time');
    this.refused(kind === 'login' ? 'login-timeout' : 'command-line-timeout');
    if (kind === 'login') this.end(421, `No login within ${Math.round(loginTimeoutMs / 1000)} s: closing control connection.`);
    else this.end(421, `Command line not completed within ${Math.round(commandLineTimeoutMs / 1000)} s: closing control connection.`);
  }

  private onIdle(): void {
    if (this.transfers.current) return; // the data timeout guards a running transfer
    this.end(421, `Idle timeout (${Math.round(this.deps.options.limits.idleTimeoutMs / 1000)} s): closing control connection.`);
  }

  private closeControl(): void {
    if (this.closing) return;
    this.closing = true;
    this.control.close();
  }

  /**
   * The client closed the control connection. Without QUIT nobody is left to hear how a running
   * transfer ends, so it is abandoned at once (an upload is then never committed: a dying client's
   * FIN on the data connection looks like a complete file).
   */
  private onHangUp(): void {
    if (!this.quitRequested) this.transfers.abandon();
  }

  private async onClose(): Promise<void> {
    this.closing = true;
    this.queue.clear();
    this.deadlines.stop();
    try {
      // RFC 959 §4.1.1: after QUIT the running transfer completes; otherwise it is aborted.
      if (this.quitRequested) await this.transfers.idle();
      else await this.transfers.abort();
      this.data.reset();
      this.releaseUser?.();
      // The logger bound `user` at login; naming it again here would write the key twice.
      this.log.info({ bytes: this.stats.totalBytes, transfers: this.stats.transfers }, 'session end');
      this.deps.options.observer.sessionClosed?.({
        sid: this.deps.id,
        user: this.state.account?.username,
        durationMs: Math.round(performance.now() - this.openedAt),
      });
    } finally {
      this.resolveClosed();
    }
  }

  private refused(reason: RefusalReason, user = this.state.account?.username): void {
    this.deps.options.observer.refused?.({ sid: this.deps.id, remoteAddress: this.connection.remoteAddress, user, reason });
  }

  /** AUTH TLS: the rest of the conversation runs over TLS on the same connection (RFC 4217 §4.1). */
  private startTls(): void {
    const tls = this.deps.tls();
    if (!tls) throw new FtpError(502, 'TLS is not configured on this server.');
    // Whatever arrived in the clear after AUTH TLS is dropped: commands injected in plaintext must
    // not run inside the protected session (the STARTTLS command injection flaw, CVE-2011-0411).
    this.queue.clear();
    this.framer = new LineFramer({ maxLineLength: this.deps.options.limits.maxLineLength });
    const event = { sid: this.deps.id, remoteAddress: this.connection.remoteAddress, channel: 'control' } as const;
    this.control.upgrade(tls).then(
      (secure) => {
        this.log.info({ protocol: secure.getProtocol() }, 'control connection protected');
        this.deps.options.observer.tlsHandshake?.({ ...event, protocol: secure.getProtocol() ?? undefined, resumed: secure.isSessionReused() });
      },
      (error: unknown) => {
        const reason = error instanceof TlsHandshakeError ? error.reason : 'error';
        this.log.info({ reason, err: error }, 'TLS handshake on the control connection failed');
        this.deps.options.observer.tlsHandshakeFailed?.({ ...event, reason });
      },
    );
  }

  private requireAccount(): UserAccount {
    const account = this.state.account;
    if (!account) throw new FtpError(530, 'Please log in with USER and PASS.');
    return account;
  }

  private async login(username: string, password: string): Promise<LoginOutcome> {
    const result = await this.loginGate.attempt(username, password);
    if (result.outcome !== 'ok') return result.outcome;
    this.state.account = result.account;
    this.releaseUser = result.release;
    this.deadlines.loggedIn();
    this.log = this.log.child({ user: result.account.username });
    this.log.info('login');
    return 'ok';
  }

  private fileOperation(operation: FileOperation): void {
    const observer = this.deps.options.observer;
    const account = this.state.account;
    if (!observer.fileOperation || !account) return;
    const type = operation.operation === 'mkdir' || operation.operation === 'rmdir' ? 'dir' : 'file';
    // A renamed path is located as a file: the storage call does not say whether it was a folder.
    const locate = (path: string) => {
      try {
        return account.storage.locate?.(path, type);
      } catch {
        return undefined;
      }
    };
    try {
      observer.fileOperation({
        ...operation,
        sid: this.deps.id,
        user: account.username,
        remoteAddress: this.connection.remoteAddress,
        tls: this.control.secured,
        location: locate(operation.path),
        fromLocation: operation.fromPath === undefined ? undefined : locate(operation.fromPath),
      });
    } catch (error) {
      this.log.error({ err: error }, 'file operation observer failed');
    }
  }

  private createContext(): CommandContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const session = this;
    const { tls } = this.deps.options;
    return {
      state: this.state,
      connection: this.connection,
      serverName: this.deps.options.serverName,
      stats: this.stats,
      data: this.data,
      transfers: this.transfers,
      commands: this.deps.commands.specs,
      security: {
        get available() {
          return session.deps.tls() !== undefined;
        },
        get secured() {
          return session.control.secured;
        },
        loginRequiresTls: tls?.requireTlsForLogin ?? false,
        protectedDataRequired: tls?.requireProtectedData ?? false,
        startTls: () => this.startTls(),
      },
      get log() {
        return session.log;
      },
      get account(): UserAccount {
        return session.requireAccount();
      },
      get storage(): StorageDriver {
        return session.requireAccount().storage;
      },
      get files(): FilePolicy {
        return session.requireAccount().files ?? OPEN_FILE_POLICY;
      },
      publicAddress: this.deps.options.passive.publicAddress,
      reply: (code, text) => this.replies.reply(code, text),
      replyStream: (code, first, lines, last) => this.replies.stream(code, first, lines, last),
      logout: () => {
        this.state.reset();
        this.releaseUser?.();
        this.releaseUser = undefined;
        this.deadlines.loggedOut();
        this.log = this.deps.options.logger.child({ sid: this.deps.id, remote: this.connection.remoteAddress });
      },
      replyHyphenated: (code, lines) => this.replies.reply(code, lines, 'hyphenated'),
      requirePermission: (permission: Permission) => {
        if (!this.requireAccount().permissions.has(permission)) throw new FtpError(550, 'Permission denied.');
      },
      resolvePath: (arg: string) => resolveVisiblePath(this.state.cwd, arg, this.state.account?.files ?? OPEN_FILE_POLICY),
      fileOperation: (operation) => this.fileOperation(operation),
      login: (username, password) => this.login(username, password),
      close: () => this.closeControl(),
    };
  }
}
