/**
 * PROT P on data connections (RFC 4217 §9): the raw connection becomes the server end of a TLS
 * session after the 150 reply (clients start the handshake only once they have seen it), with the
 * control connection's SecureContext so the client can resume that session (RFC 4217 §10.2).
 */
import type { Socket } from 'node:net';
import { FtpError } from '../errors.js';
import type { TlsFailureEvent, TlsHandshakeEvent } from '../observer.js';
import type { SessionState } from '../session-state.js';
import { TlsHandshakeError, type ServerTls } from './server-tls.js';

export interface DataProtectionDeps {
  readonly tls: () => ServerTls | undefined;
  readonly state: SessionState;
  readonly requireProtectedData: boolean;
  readonly requireSessionReuse: boolean;
  handshake(event: Pick<TlsHandshakeEvent, 'protocol' | 'resumed'>): void;
  failed(event: Pick<TlsFailureEvent, 'reason'>): void;
}

export class DataProtection {
  constructor(private readonly deps: DataProtectionDeps) {}

  /** A reply refusing the transfer before any data connection is opened, when policy needs PROT P. */
  refusal(): FtpError | undefined {
    if (this.deps.requireProtectedData && this.deps.state.dataProtection !== 'private') {
      // RFC 4217 §10.2: 521 data connection cannot be opened with this PROT setting.
      return new FtpError(521, 'Data connections must be protected: send PBSZ 0 and PROT P first.');
    }
    return undefined;
  }

  /** Under PROT P: the TLS-wrapped connection once the handshake completed; under PROT C: `socket` itself. */
  async secure(socket: Socket, signal: AbortSignal): Promise<Socket> {
    const tls = this.deps.tls();
    if (this.deps.state.dataProtection !== 'private' || !tls) return socket;
    let secure;
    try {
      secure = await tls.accept(socket, signal);
    } catch (error) {
      if (error instanceof TlsHandshakeError) this.deps.failed({ reason: error.reason });
      throw error;
    }
    const resumed = secure.isSessionReused();
    if (this.deps.requireSessionReuse && !resumed) {
      this.deps.failed({ reason: 'session-not-reused' });
      secure.destroy();
      throw new FtpError(425, "Can't open data connection: it must resume the control connection's TLS session.");
    }
    this.deps.handshake({ protocol: secure.getProtocol() ?? undefined, resumed });
    return secure;
  }
}
