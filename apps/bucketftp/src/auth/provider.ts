/**
 * One source of identities (`auth.providers`): the configured users, an HTTP hook, a directory.
 * The providers are asked in order; the first that knows the user decides, and one that cannot
 * answer stops the login (421) instead of letting a later, possibly weaker, provider decide.
 */

/** What a provider is asked at PASS. */
export interface AuthRequest {
  username: string;
  password: string;
  clientAddress: string;
  serverAddress: string;
  tls: boolean;
  protocol: 'ftp' | 'ftps';
}

export type AuthOutcome =
  /**
   * `user` is a raw user object (before template substitution and schema validation, both done by
   * the caller); `attributes` may be used by templates as `{name}`.
   */
  | { kind: 'accepted'; user: unknown; attributes?: Readonly<Record<string, string>> }
  /** Known user, wrong credentials: counted for bans. */
  | { kind: 'rejected'; reason: string }
  /** This provider does not know the user: ask the next one. */
  | { kind: 'unknown' }
  /** Down, timed out or answered nonsense: fail closed (421). */
  | { kind: 'unavailable'; reason: string };

export interface AuthProvider {
  readonly name: string;
  readonly type: string;
  authenticate(request: AuthRequest, signal: AbortSignal): Promise<AuthOutcome>;
  /** Whether the backend answers (readiness); absent: always up. */
  check?(signal: AbortSignal): Promise<boolean>;
  close?(): Promise<void>;
}
