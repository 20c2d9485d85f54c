/**
 * A narrow, in-memory CommandContext for unit tests of single commands: it records replies, data
 * set-up calls and started transfers, and backs the account with a MemoryDriver. Commands go
 * through the real dispatcher, so the command table's rules are exercised as in a session.
 */
import { Duplex } from 'node:stream';
import { parseCommand } from '@bucketftp/protocol';
import { MemoryDriver, type PartialUploadPolicy, type StorageDriver } from '@bucketftp/storage';
import { ALL_PERMISSIONS, type Permission, type UserAccount } from '../auth.js';
import { commandTable } from '../commands/index.js';
import type {
  CommandContext,
  ConnectionInfo,
  ControlSecurity,
  DataSetup,
  LoginOutcome,
  TransferInfo,
  TransferRequest,
  Transfers,
} from '../context.js';
import { FirstFailure, moveBytes } from '../data/byte-path.js';
import { dispatch } from '../dispatcher.js';
import { FtpError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { OPEN_FILE_POLICY, type FilePolicy } from '../policy/file-policy.js';
import { resolveVisiblePath } from '../policy/visible-path.js';
import { SessionState } from '../session-state.js';
import { SessionStats } from '../stats.js';

export interface RecordedReply {
  readonly code: number;
  readonly lines: readonly string[];
  /** How it was sent: `reply`, `replyHyphenated` (every line `code-`) or `replyStream`. */
  readonly style: 'plain' | 'hyphenated' | 'stream';
}

export type DataCall = { op: 'listenPassive' } | { op: 'connectActive'; host: string; port: number } | { op: 'reset' };

export class FakeDataSetup implements DataSetup {
  readonly calls: DataCall[] = [];
  /** The port listenPassive() reports. */
  passivePort = 50_123;

  async listenPassive(): Promise<number> {
    this.calls.push({ op: 'listenPassive' });
    return this.passivePort;
  }

  connectActive(host: string, port: number): void {
    this.calls.push({ op: 'connectActive', host, port });
  }

  describe(): string {
    return 'No data connection.';
  }

  reset(): void {
    this.calls.push({ op: 'reset' });
  }
}

/** Records transfers instead of running them; a test moves a request's bytes with {@link runTransfer}. */
export class FakeTransfers implements Transfers {
  readonly started: TransferRequest[] = [];
  /** Set by a test to pretend a transfer is running. */
  current: TransferInfo | undefined;
  aborts = 0;
  idleWaits = 0;

  start(request: TransferRequest): void {
    this.started.push(request);
  }

  async abort(): Promise<boolean> {
    this.aborts += 1;
    const running = this.current !== undefined;
    this.current = undefined;
    return running;
  }

  /** Resolves at once: the pretended transfer counts as finished from then on. */
  async idle(): Promise<void> {
    this.idleWaits += 1;
    this.current = undefined;
  }

  /** The one transfer the last command started. */
  get last(): TransferRequest {
    const request = this.started.at(-1);
    if (!request) throw new Error('no transfer was started');
    return request;
  }
}

/** The TLS side as a command sees it; `startTls` only records the call (and marks the connection protected). */
export class FakeSecurity implements ControlSecurity {
  available: boolean;
  secured: boolean;
  loginRequiresTls: boolean;
  protectedDataRequired: boolean;
  tlsStarts = 0;

  constructor(options: Partial<Omit<ControlSecurity, 'startTls'>> = {}) {
    this.available = options.available ?? false;
    this.secured = options.secured ?? false;
    this.loginRequiresTls = options.loginRequiresTls ?? false;
    this.protectedDataRequired = options.protectedDataRequired ?? false;
  }

  startTls(): void {
    this.tlsStarts += 1;
    this.secured = true;
  }
}

export interface FakeContextOptions {
  readonly storage?: StorageDriver;
  readonly username?: string;
  readonly password?: string;
  readonly permissions?: Iterable<Permission>;
  readonly allowFxp?: boolean;
  readonly partialUploads?: PartialUploadPolicy;
  /** Start logged in as `username` (default true). */
  readonly loggedIn?: boolean;
  readonly maxLoginFailures?: number;
  readonly connection?: Partial<ConnectionInfo>;
  readonly publicAddress?: string;
  readonly serverName?: string;
  readonly security?: Partial<Omit<ControlSecurity, 'startTls'>>;
  /** What login() answers for a wrong password (default: 'retry', or 'disconnect' at maxLoginFailures). */
  readonly failedLogin?: Exclude<LoginOutcome, 'ok'>;
  /** Account flags for the user. */
  readonly requireTls?: boolean;
  /** The account's drop-box rules. */
  readonly files?: FilePolicy;
}

export class FakeContext implements CommandContext {
  readonly state = new SessionState();
  readonly stats = new SessionStats();
  readonly log = silentLogger;
  readonly commands = commandTable.specs;
  readonly data = new FakeDataSetup();
  readonly transfers = new FakeTransfers();
  readonly replies: RecordedReply[] = [];
  readonly connection: ConnectionInfo;
  readonly serverName: string;
  readonly publicAddress: string | undefined;
  readonly user: UserAccount;
  readonly security: FakeSecurity;
  closed = false;
  private readonly failedLogin: Exclude<LoginOutcome, 'ok'> | undefined;
  private readonly password: string;
  private readonly maxLoginFailures: number;

  constructor(options: FakeContextOptions = {}) {
    this.user = {
      username: options.username ?? 'alice',
      storage: options.storage ?? new MemoryDriver(),
      permissions: new Set(options.permissions ?? ALL_PERMISSIONS),
      allowFxp: options.allowFxp ?? false,
      partialUploads: options.partialUploads ?? 'discard',
      requireTls: options.requireTls,
      files: options.files,
    };
    this.security = new FakeSecurity(options.security);
    this.failedLogin = options.failedLogin;
    this.password = options.password ?? 'secret';
    this.maxLoginFailures = options.maxLoginFailures ?? 3;
    this.connection = { localAddress: '127.0.0.1', localPort: 21, remoteAddress: '127.0.0.1', remotePort: 40_000, ...options.connection };
    this.serverName = options.serverName ?? 'testftp';
    this.publicAddress = options.publicAddress;
    if (options.loggedIn ?? true) this.state.account = this.user;
  }

  get account(): UserAccount {
    if (!this.state.account) throw new FtpError(530, 'Please log in with USER and PASS.');
    return this.state.account;
  }

  get storage(): StorageDriver {
    return this.account.storage;
  }

  get files(): FilePolicy {
    return this.account.files ?? OPEN_FILE_POLICY;
  }

  reply(code: number, text: string | readonly string[]): void {
    this.replies.push({ code, lines: typeof text === 'string' ? [text] : [...text], style: 'plain' });
  }

  replyHyphenated(code: number, lines: readonly string[]): void {
    this.replies.push({ code, lines: [...lines], style: 'hyphenated' });
  }

  async replyStream(code: number, first: string, lines: AsyncIterable<string>, last: string): Promise<void> {
    const body: string[] = [];
    for await (const line of lines) body.push(line);
    this.replies.push({ code, lines: [first, ...body, last], style: 'stream' });
  }

  requirePermission(permission: Permission): void {
    if (!this.account.permissions.has(permission)) throw new FtpError(550, 'Permission denied.');
  }

  resolvePath(arg: string): string {
    return resolveVisiblePath(this.state.cwd, arg, this.state.account?.files ?? OPEN_FILE_POLICY);
  }

  async login(username: string, password: string): Promise<LoginOutcome> {
    if (username === this.user.username && password === this.password) {
      if (this.user.requireTls === true && !this.security.secured) return 'tls-required';
      this.state.account = this.user;
      return 'ok';
    }
    if (this.failedLogin) return this.failedLogin;
    this.state.loginFailures += 1;
    return this.state.loginFailures >= this.maxLoginFailures ? 'disconnect' : 'retry';
  }

  logout(): void {
    this.state.reset();
  }

  close(): void {
    this.closed = true;
  }

  /** Sends one command line (`VERB arg`) through the real dispatcher; returns the replies it produced. */
  async send(line: string): Promise<RecordedReply[]> {
    const parsed = parseCommand(Buffer.from(line, 'utf8'));
    if (!parsed.ok) throw new Error(`unparsable command line: ${line}`);
    const before = this.replies.length;
    await dispatch(this, commandTable, parsed.command);
    return this.replies.slice(before);
  }

  /** Sends a command that must produce exactly one reply, and returns it. */
  async sendOne(line: string): Promise<RecordedReply> {
    const replies = await this.send(line);
    const [only] = replies;
    if (replies.length !== 1 || !only) throw new Error(`expected one reply to ${line}, got ${JSON.stringify(replies)}`);
    return only;
  }
}

export interface TransferResult {
  /** What the transfer wrote to the data connection. */
  readonly sent: Buffer;
}

/**
 * Moves a started transfer's bytes through the engine's own byte path over an in-memory data
 * connection: `upload` chunks are what the client sends, then the end of the stream — or, with
 * `failWith`, the connection fails with that error (a reset); everything written is collected.
 */
export async function runTransfer(
  request: TransferRequest,
  upload: readonly (string | Uint8Array)[] = [],
  options: { signal?: AbortSignal; failWith?: Error } = {},
): Promise<TransferResult> {
  const sent: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      sent.push(chunk);
      callback();
    },
  });
  for (const chunk of upload) socket.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  const { failWith } = options;
  if (failWith) setImmediate(() => socket.destroy(failWith));
  else socket.push(null);
  const signal = options.signal ?? new AbortController().signal;
  await moveBytes(request, socket, { signal, failures: new FirstFailure(), beforeCommit: async () => undefined });
  return { sent: Buffer.concat(sent) };
}
