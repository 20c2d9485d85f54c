/** What a successful login yields: the user's storage view and what the user may do there. */
import type { PartialUploadPolicy, StorageDriver } from '@bucketftp/storage';
import type { FilePolicy } from './policy/file-policy.js';

export type Permission = 'list' | 'read' | 'write' | 'delete' | 'rename' | 'mkdir';

export const ALL_PERMISSIONS: readonly Permission[] = ['list', 'read', 'write', 'delete', 'rename', 'mkdir'];

export interface UserAccount {
  readonly username: string;
  /** The user's files, rooted at the user's home: virtual `/` is the home. */
  readonly storage: StorageDriver;
  readonly permissions: ReadonlySet<Permission>;
  /** RFC 2577: allow data connections to/from an address other than the client's (server-to-server). */
  readonly allowFxp?: boolean;
  readonly partialUploads?: PartialUploadPolicy;
  /** Drop-box rules (names, overwriting, file size, hidden entries), per folder scope. Default: none. */
  readonly files?: FilePolicy;
  /** Sessions this user may have logged in at once (further logins are answered 421); overrides limits.maxConnectionsPerUser. 0 = no limit. */
  readonly maxConnections?: number;
  /** Bandwidth of this user, all of the user's sessions on this process together; the server-wide limits apply as well. */
  readonly limits?: UserLimits;
  /**
   * The login is refused (530) unless the control connection is protected (AUTH TLS or implicit
   * TLS). The password has crossed by then; `tls.requireTlsForLogin` refuses USER itself instead.
   */
  readonly requireTls?: boolean;
  /**
   * Aborted when the account is removed or changed (users file reloaded): the user's sessions are
   * then closed with 421 at their next command.
   */
  readonly revoked?: AbortSignal;
}

export interface UserLimits {
  /** Bytes per second; 0 or unset = no limit of the user's own. */
  readonly uploadBytesPerSecond?: number;
  readonly downloadBytesPerSecond?: number;
}

export interface LoginRequest {
  readonly username: string;
  readonly password: string;
  readonly remoteAddress: string;
  /** The server address the client connected to. */
  readonly localAddress?: string;
  /** The control connection is protected (AUTH TLS or implicit TLS). */
  readonly secured?: boolean;
}

export interface Authenticator {
  /**
   * Resolves the account, or undefined for bad credentials (530, counted for bans). Throwing means
   * the identity backend failed: the login is answered 421 and the connection closed, not counted.
   */
  authenticate(request: LoginRequest): Promise<UserAccount | undefined>;
}
