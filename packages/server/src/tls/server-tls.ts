/**
 * The server's TLS side (RFC 4217): one SecureContext shared by the control connections and their
 * PROT P data connections, so a data connection can resume the control connection's TLS session
 * (RFC 4217 §10.2; FileZilla insists on it). The ticket keys outlive a certificate reload, so
 * sessions established before `setCredentials` still resume afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { whenAborted } from '@bucketftp/storage';
import { DEFAULT_TLS_CIPHERS, type ResolvedOptions, type TlsCredentials } from '../options.js';
import { TlsSessionCache } from './session-cache.js';

export type ResolvedTlsOptions = NonNullable<ResolvedOptions['tls']>;

export class TlsHandshakeError extends Error {
  override readonly name = 'TlsHandshakeError';

  constructor(
    /** Short machine-readable cause for logs and the observer: 'timeout', 'aborted', 'closed', or the OpenSSL code. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export class ServerTls {
  private context: SecureContext;
  /** RFC 5077 ticket keys: 16 bytes name, 16 HMAC, 16 AES; kept across reloads. */
  private readonly ticketKeys = randomBytes(48);
  private readonly sessions = new TlsSessionCache();

  constructor(readonly options: ResolvedTlsOptions) {
    this.context = this.createContext(options);
  }

  /** Replaces certificate and key for new handshakes; throws (keeping the old ones) when they are unusable. */
  setCredentials(credentials: TlsCredentials): void {
    this.context = this.createContext(credentials);
  }

  /**
   * Wraps a connected socket as the server end of TLS and resolves once the handshake completed.
   * Bytes already buffered on the socket (after a PROXY header) are handed to TLS first.
   */
  async accept(socket: Socket, signal?: AbortSignal): Promise<TLSSocket> {
    return await this.wrap(socket, signal).handshake;
  }

  /**
   * The TLS socket at once (to write to and listen on) and its handshake. On failure both sockets are
   * destroyed and the handshake rejects with a TlsHandshakeError.
   */
  wrap(socket: Socket, signal?: AbortSignal): { socket: TLSSocket; handshake: Promise<TLSSocket> } {
    const secure = new TLSSocket(socket, {
      isServer: true,
      secureContext: this.context,
      server: this.sessions as never,
      requestCert: false,
      rejectUnauthorized: false,
    });
    const handshake = new Promise<TLSSocket>((resolve, reject) => {
      const fail = (error: TlsHandshakeError) => {
        cleanup();
        secure.on('error', () => undefined);
        secure.destroy();
        socket.destroy();
        reject(error);
      };
      const onError = (error: NodeJS.ErrnoException) => fail(new TlsHandshakeError(error.code ?? 'error', error.message));
      const onClose = () => fail(new TlsHandshakeError('closed', 'connection closed during the TLS handshake'));
      let stopListening = (): void => undefined;
      const timer = setTimeout(() => fail(new TlsHandshakeError('timeout', 'TLS handshake timed out')), this.options.handshakeTimeoutMs);
      timer.unref();
      const cleanup = () => {
        clearTimeout(timer);
        secure.off('secure', onSecure);
        secure.off('error', onError);
        secure.off('close', onClose);
        secure.off('end', onClose);
        stopListening();
      };
      const onSecure = () => {
        cleanup();
        resolve(secure);
      };
      secure.once('secure', onSecure);
      secure.once('error', onError);
      secure.once('close', onClose);
      // An end of stream before the handshake completed: a TLS socket whose own end is still queued
      // behind the handshake would otherwise wait for a 'finish' that never comes.
      secure.once('end', onClose);
      stopListening = whenAborted(signal, () => fail(new TlsHandshakeError('aborted', 'aborted during the TLS handshake')));
    });
    return { socket: secure, handshake };
  }

  private createContext(credentials: TlsCredentials): SecureContext {
    const { minVersion, ciphers } = this.options;
    return createSecureContext({
      cert: credentials.cert,
      key: credentials.key,
      minVersion,
      ciphers: ciphers ?? DEFAULT_TLS_CIPHERS,
      ticketKeys: this.ticketKeys,
      sessionTimeout: 300,
    });
  }
}
