/** Logins against the configured users: scrypt password hashes, then the allowed source addresses. */
import type { Authenticator, Logger, LoginRequest, UserAccount } from '@bucketftp/server';
import { PasswordVerifier } from './password-verifier.js';
import type { UserDirectory } from './user-directory.js';

/** Compared against when the user is unknown, so a wrong name costs as long as a wrong password. */
const DUMMY_HASH = '$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export class ConfigAuthenticator implements Authenticator {
  private readonly passwords = new PasswordVerifier();

  constructor(
    private readonly users: UserDirectory,
    private readonly log: Logger,
  ) {}

  async authenticate({ username, password, remoteAddress }: LoginRequest): Promise<UserAccount | undefined> {
    // The entry checked is the one handed out: if a reload replaces it meanwhile, its account is
    // already revoked and the session ends with 421 at its next command.
    const user = this.users.get(username);
    const ok = await this.passwords.verify(password, user?.config.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) return undefined;
    if (!user.allowedFrom(remoteAddress)) {
      this.log.warn({ user: username, remote: remoteAddress }, 'login refused: client address not in allowedSources');
      return undefined;
    }
    return user.account;
  }
}
