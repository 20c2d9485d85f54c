/** What a successful login yields: the user's storage view and what the user may do there. */
import type { PartialUploadPolicy, StorageDriver } from '@bucketftp/storage';

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
  /** Sessions this user may have open at once (further logins are answered 421). */
  readonly maxConnections?: number;
  /**
   * Aborted when the account is removed or changed (users file reloaded): the user's sessions are
   * then closed with 421 at their next command.
   */
  readonly revoked?: AbortSignal;
}

export interface LoginRequest {
  readonly username: string;
  readonly password: string;
  readonly remoteAddress: string;
}

export interface Authenticator {
  /** Resolves the account, or undefined for bad credentials. Throwing means the backend failed (421/451). */
  authenticate(request: LoginRequest): Promise<UserAccount | undefined>;
}
