/** The per-session protocol state that commands read and change (RFC 959 §5.1 defaults). */
import type { HashAlgorithm } from '@bucketftp/storage';
import type { MlstFact } from '@bucketftp/protocol';
import { SUPPORTED_MLST_FACTS } from '@bucketftp/protocol';
import type { UserAccount } from './auth.js';

export type TransferType = 'ascii' | 'binary';

/** RFC 2228 §3 / RFC 4217 §9: C (clear) or P (private, i.e. TLS) data connections. */
export type DataProtectionLevel = 'clear' | 'private';

export interface SessionDefaults {
  /** Implicit FTPS starts with PROT P (and PBSZ 0) in effect; explicit FTPS with PROT C. */
  readonly dataProtection: DataProtectionLevel;
}

export class SessionState {
  /** Name given by USER, waiting for PASS. */
  pendingUser: string | undefined;
  account: UserAccount | undefined;
  cwd = '/';
  /** RFC 959 §3.1.1.1: the default representation type is ASCII. */
  type: TransferType = 'ascii';
  /** REST offset waiting for the next RETR/STOR (RFC 3659 §5). */
  restOffset = 0;
  /** Path named by RNFR, valid for the next command only. */
  renameFrom: string | undefined;
  /** ALLO size, a hint for the next upload. */
  allocateHint: number | undefined;
  /** RFC 2428 §4: after EPSV ALL only EPSV may set up data connections. */
  epsvAll = false;
  mlstFacts: readonly MlstFact[] = SUPPORTED_MLST_FACTS;
  /** draft-bryan-ftpext-hash §3.1: SHA-256 is the default selection. */
  hashAlgorithm: HashAlgorithm = 'SHA-256';
  loginFailures = 0;
  /** RFC 2228 §3: PBSZ must precede PROT; TLS always uses 0 (RFC 4217 §9). */
  protectionBufferSize: number | undefined;
  dataProtection: DataProtectionLevel;

  constructor(private readonly defaults: SessionDefaults = { dataProtection: 'clear' }) {
    this.dataProtection = defaults.dataProtection;
    this.protectionBufferSize = defaults.dataProtection === 'private' ? 0 : undefined;
  }

  /** Takes the REST offset; a transfer consumes it whether or not it succeeds. */
  takeRestOffset(): number {
    const offset = this.restOffset;
    this.restOffset = 0;
    return offset;
  }

  takeAllocateHint(): number | undefined {
    const hint = this.allocateHint;
    this.allocateHint = undefined;
    return hint;
  }

  /**
   * REIN: back to the state of a fresh connection (RFC 959 §4.1.1). Failed logins are counted per
   * connection, so REIN does not give a password guesser a fresh allowance.
   */
  reset(): void {
    const { loginFailures } = this;
    Object.assign(this, new SessionState(this.defaults));
    this.loginFailures = loginFailures;
  }
}
