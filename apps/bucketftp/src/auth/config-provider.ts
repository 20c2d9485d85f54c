/**
 * `type: config`: the users of the configuration file and `usersFile`, checked against their scrypt
 * password hashes. An accepted login hands back the directory's own entry (storage already built),
 * which the caller recognises and uses as is.
 */
import type { ActiveUser, UserDirectory } from './user-directory.js';
import { PasswordVerifier } from './password-verifier.js';
import type { AuthOutcome, AuthProvider, AuthRequest } from './provider.js';

/** Compared against when the user is unknown, so a wrong name costs as long as a wrong password. */
const DUMMY_HASH = '$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export class ConfigProvider implements AuthProvider {
  readonly type = 'config';
  private readonly passwords = new PasswordVerifier();

  constructor(
    readonly name: string,
    private readonly users: UserDirectory,
  ) {}

  async authenticate({ username, password }: AuthRequest): Promise<AuthOutcome> {
    // The entry checked is the one handed out: if a reload replaces it meanwhile, its account is
    // already revoked and the session ends with 421 at its next command.
    const user = this.users.get(username);
    const ok = await this.passwords.verify(password, user?.config.passwordHash ?? DUMMY_HASH);
    if (!user) return { kind: 'unknown' };
    if (!ok) return { kind: 'rejected', reason: 'wrong password' };
    return { kind: 'accepted', user };
  }

  /** Whether an accepted `user` is a configured user's entry (not a raw object to validate). */
  owns(user: unknown): user is ActiveUser {
    return this.users.owns(user);
  }
}
