import type { StorageLocation, WriteResult } from '@bucketftp/storage';

/**
 * Events the engine reports for metrics and audit (the app turns them into Prometheus counters).
 * Every callback is optional and must not throw; they run synchronously on the session's path.
 */
export interface TransferRecord {
  readonly sid: string;
  readonly user: string | undefined;
  readonly command: string;
  readonly path: string | undefined;
  readonly direction: 'download' | 'upload';
  readonly kind: 'file' | 'listing';
  readonly bytes: number;
  readonly durationMs: number;
  readonly result: 'ok' | 'aborted' | 'failed' | 'no-connection';
}

/** Why a connection, a login or a session was turned away by a limit or policy. */
export type RefusalReason =
  /** limits.maxConnections reached (421 before the greeting). */
  | 'max-connections'
  /** limits.maxConnectionsPerAddress reached for the client address. */
  | 'max-connections-per-address'
  /** The user's session limit reached at PASS (421). */
  | 'max-connections-per-user'
  /** The client address is banned (421 before the greeting or at PASS). */
  | 'banned'
  /** limits.maxCommandsBeforeLogin exceeded (421). */
  | 'commands-before-login'
  /** limits.loginTimeoutMs passed without a successful login (421). */
  | 'login-timeout'
  /** A command line was not completed within limits.commandLineTimeoutMs of its first byte (421). */
  | 'command-line-timeout'
  /** limits.maxLoginFailures reached on one connection (421). */
  | 'login-failures'
  /** limits.maxPendingCommands exceeded while a transfer ran (421). */
  | 'pending-commands'
  /** The server is shutting down. */
  | 'shutting-down'
  /** A trusted proxy sent no valid PROXY header in time. */
  | 'proxy-header-invalid'
  /** A PROXY header came from an address that is not a trusted proxy. */
  | 'proxy-header-untrusted'
  /** A direct connection while proxyProtocol.allowDirectConnections is off. */
  | 'not-from-proxy';

export interface RefusalEvent {
  /** Set once a session exists (refusals before the greeting have none). */
  readonly sid: string | undefined;
  /** The client address (the PROXY header's source when one was accepted). */
  readonly remoteAddress: string;
  readonly user: string | undefined;
  readonly reason: RefusalReason;
}

export interface TlsHandshakeEvent {
  readonly sid: string | undefined;
  readonly remoteAddress: string;
  /** The control connection (AUTH TLS or implicit) or a PROT P data connection. */
  readonly channel: 'control' | 'data';
  readonly protocol: string | undefined;
  /** Whether an earlier TLS session was resumed (for data connections: the control connection's, RFC 4217 §10.2). */
  readonly resumed: boolean;
}

export interface TlsFailureEvent {
  readonly sid: string | undefined;
  readonly remoteAddress: string;
  readonly channel: 'control' | 'data';
  /** e.g. 'timeout', 'session-not-reused', or the OpenSSL error code. */
  readonly reason: string;
}

/** A PASV/EPSV that found no free passive port and waited for one (passive.portWaitMs). */
export interface PassivePortWaitEvent {
  /** ok: a port came free in time; timeout / queue-full: answered 425. */
  readonly outcome: 'ok' | 'timeout' | 'queue-full';
  readonly waitedMs: number;
}

/** A file or folder operation that happened (storage confirmed it): one per fact. */
export type FileOperationKind = 'upload' | 'download' | 'delete' | 'rename' | 'mkdir' | 'rmdir';

/** What a command did to a file or folder, reported by the command (see FileOperationEvent). */
export interface FileOperation {
  readonly operation: FileOperationKind;
  /** The verb: STOR, APPE, STOU, RETR, DELE, RNTO, MKD, RMD. */
  readonly command: string;
  /** The virtual path (for rename: the new one). */
  readonly path: string;
  /** rename: the path before. */
  readonly fromPath?: string;
  /** upload: the committed file's size; download: the bytes sent. */
  readonly size?: number;
  readonly durationMs: number;
  /** upload: what the storage answered the commit with (ETag, version id, generation). */
  readonly write?: WriteResult;
}

/**
 * Reported only after the fact: an upload once the storage committed the file (never for an
 * aborted, reset or discarded one), a download once every byte was sent, the others once the
 * storage call succeeded.
 */
export interface FileOperationEvent extends FileOperation {
  readonly sid: string;
  readonly user: string;
  readonly remoteAddress: string;
  /** The control connection is protected by TLS. */
  readonly tls: boolean;
  /** Where the bytes live (path), when the user's storage can say. */
  readonly location: StorageLocation | undefined;
  /** rename: where the bytes lived before. */
  readonly fromLocation: StorageLocation | undefined;
}

export interface ServerObserver {
  sessionOpened?(event: { sid: string; remoteAddress: string }): void;
  sessionClosed?(event: { sid: string; user: string | undefined; durationMs: number }): void;
  login?(event: { sid: string; user: string; remoteAddress: string; ok: boolean; tls: boolean }): void;
  /** A file or folder operation, after the fact (see FileOperationEvent). */
  fileOperation?(event: FileOperationEvent): void;
  /** One per command, with the code of the reply that answered it (the last one, for multi-reply commands that end at once). */
  command?(event: { verb: string; code: number }): void;
  transfer?(record: TransferRecord): void;
  /** A connection, login or session turned away by a limit or policy (also logged). */
  refused?(event: RefusalEvent): void;
  /** An address was banned after too many failed logins (also logged at warn). */
  addressBanned?(event: { address: string; failures: number; durationMs: number }): void;
  /** A PASV/EPSV had to wait for a free passive port, or was refused after waiting (425). */
  passivePortWait?(event: PassivePortWaitEvent): void;
  /** A TLS handshake completed on a control or data connection. */
  tlsHandshake?(event: TlsHandshakeEvent): void;
  /** A TLS handshake failed, timed out, or a data connection did not resume the required session. */
  tlsHandshakeFailed?(event: TlsFailureEvent): void;
}
