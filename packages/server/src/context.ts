/**
 * The narrow surface a command handler sees. Handlers never touch sockets or the session object:
 * they reply, read/change protocol state, use the user's storage, and hand transfers to the engine.
 */
import type { Readable } from 'node:stream';
import type { StorageDriver } from '@bucketftp/storage';
import type { Permission, UserAccount } from './auth.js';
import type { CommandInfo } from './command-info.js';
import type { Logger } from './logger.js';
import type { FileOperation } from './observer.js';
import type { FilePolicy } from './policy/file-policy.js';
import type { SessionState, TransferType } from './session-state.js';
import type { SessionStats } from './stats.js';

export interface ConnectionInfo {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

export interface DataSetup {
  /** PASV/EPSV: opens a listener and returns the port clients should connect to (RFC 959 §4.1.2, RFC 2428 §3). */
  listenPassive(): Promise<number>;
  /** PORT/EPRT: the server will connect to this address when a transfer starts (RFC 959 §4.1.2, RFC 2428 §2). */
  connectActive(host: string, port: number): void;
  /** One line for STAT. */
  describe(): string;
  /** Drops a prepared data connection (ABOR with no transfer, REIN). */
  reset(): void;
}

interface TransferCommon {
  /** Verb that started it, for logs and STAT. */
  readonly command: string;
  readonly path?: string;
  /** Text of the 150 reply (RFC 959 §4.2: 150 File status okay; about to open data connection). */
  readonly opening: string;
}

/** RETR: a storage source sent from `offset` (REST), with TYPE A line endings when `type` is ascii. */
export interface FileDownload extends TransferCommon {
  readonly kind: 'file';
  readonly direction: 'download';
  readonly type: TransferType;
  readonly offset: number;
  source(options: { offset: number; signal: AbortSignal }): Promise<Readable>;
}

/** LIST, NLST, MLSD: the listing's lines (CRLF-terminated), written in batches with backpressure. */
export interface ListingDownload extends TransferCommon {
  readonly kind: 'listing';
  readonly direction: 'download';
  lines(signal: AbortSignal): AsyncIterable<string>;
}

/**
 * STOR, APPE, STOU: the received bytes go into the storage write `sink` starts; it resolves once
 * committed. `beforeCommit` goes to the write (WriteOptions): the last check before the commit.
 */
export interface FileUpload extends TransferCommon {
  readonly kind: 'file';
  readonly direction: 'upload';
  readonly type: TransferType;
  /** Bytes the upload may receive (after TYPE A conversion); one more fails it with `quota` (552). */
  readonly maxBytes?: number;
  sink(source: Readable, signal: AbortSignal, beforeCommit: () => Promise<void>): Promise<unknown>;
}

/**
 * What a transfer moves; the transfer runner builds the byte path (see data/byte-path.ts). `kind`:
 * files count towards "N bytes in M files", listings only towards total traffic.
 */
export type TransferRequest = FileDownload | ListingDownload | FileUpload;

export interface TransferInfo {
  readonly command: string;
  readonly path?: string;
  readonly bytes: number;
  /** Bytes accepted for the data connection but not yet handed to the kernel (bounded by backpressure). */
  readonly bufferedBytes: number;
}

export interface Transfers {
  /** Starts the transfer as its own task; the command loop goes on so ABOR/STAT/QUIT get through. */
  start(request: TransferRequest): void;
  readonly current: TransferInfo | undefined;
  /** Aborts the running transfer and waits until its reply went out; false when none ran. */
  abort(): Promise<boolean>;
  /** Resolves once no transfer runs. */
  idle(): Promise<void>;
}

/**
 * `disconnect`: too many failures on this connection; `banned`: the client address is banned;
 * `user-limit`: the user has too many sessions (all three: 421 and close). `tls-required`: the
 * account may only log in over a protected control connection (530).
 */
export type LoginOutcome = 'ok' | 'retry' | 'disconnect' | 'banned' | 'user-limit' | 'tls-required' | 'unavailable';

/** The control connection's TLS state and the server's TLS policy (RFC 4217). */
export interface ControlSecurity {
  /** TLS is configured: AUTH TLS, PBSZ and PROT are offered (RFC 4217 §6). */
  readonly available: boolean;
  /** The control connection is protected (implicit TLS, or AUTH TLS). */
  readonly secured: boolean;
  /** Server policy: USER only over a protected control connection. */
  readonly loginRequiresTls: boolean;
  /** Server policy: data connections only under PROT P. */
  readonly protectedDataRequired: boolean;
  /** Starts the TLS handshake on the control connection; call right after the 234 reply (RFC 4217 §4.1). */
  startTls(): void;
}

export interface CommandContext {
  readonly state: SessionState;
  readonly connection: ConnectionInfo;
  readonly serverName: string;
  readonly log: Logger;
  readonly stats: SessionStats;
  readonly data: DataSetup;
  readonly transfers: Transfers;
  readonly commands: readonly CommandInfo[];
  readonly security: ControlSecurity;

  /** IPv4 address announced by PASV when configured (the load balancer's); else the control connection's own. */
  readonly publicAddress: string | undefined;

  reply(code: number, text: string | readonly string[]): void;
  /** A multi-line reply whose middle lines are streamed (STAT <path>), with control-socket backpressure. */
  replyStream(code: number, first: string, lines: AsyncIterable<string>, last: string): Promise<void>;
  /** Lines written as `code-text` each, closing with `code text` (the classic multi-line style). */
  replyHyphenated(code: number, lines: readonly string[]): void;

  /** The logged-in account; the dispatcher guarantees it for commands that need a login. */
  readonly account: UserAccount;
  readonly storage: StorageDriver;
  /** The account's drop-box rules (policy/file-policy.ts); no rules when it has none. */
  readonly files: FilePolicy;
  /** Throws FtpError 550 when the user lacks the permission. */
  requirePermission(permission: Permission): void;
  /**
   * Resolves a path argument against the working directory; throws FtpError 501 for unusable input
   * and 550 for a path through a hidden entry (policy/visible-path.ts).
   */
  resolvePath(arg: string): string;

  /** Reports a file or folder operation that happened (the observer's fileOperation). */
  fileOperation(operation: FileOperation): void;

  /** Checks credentials (with the server's failure delay and limits) and logs the user in. */
  login(username: string, password: string): Promise<LoginOutcome>;
  /** REIN: forget the login and every session setting. */
  logout(): void;
  /** Closes the control connection after pending replies are flushed. */
  close(): void;
}
