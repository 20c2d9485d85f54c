/**
 * The control connection's socket, which AUTH TLS replaces with a TLS socket over the same TCP
 * connection (RFC 4217 §4.1). Whoever writes, reads or closes goes through here, so they always use
 * the current socket; the idle timer moves along with it.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ServerTls } from './tls/server-tls.js';

export interface ControlEvents {
  data(chunk: Buffer): void;
  idle(): void;
  error(error: Error): void;
  /** Once, when the client closed its side (FIN) or the connection is gone: no reply reaches it any more. */
  hungUp(): void;
  /** Once, when the TCP connection is gone. */
  closed(): void;
}

export class ControlConnection {
  private current: Socket;
  private closing = false;
  private ended = false;
  private hungUp = false;
  private readonly onData = (chunk: Buffer) => this.events.data(chunk);
  private readonly onError = (error: Error) => this.events.error(error);
  private readonly onEnd = () => {
    if (this.hungUp) return;
    this.hungUp = true;
    this.events.hungUp();
  };
  private readonly onClose = () => {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    this.events.closed();
  };

  constructor(
    socket: Socket,
    /** The connection is protected from the start (implicit TLS). */
    public secured: boolean,
    private readonly idleTimeoutMs: number,
    private readonly events: ControlEvents,
  ) {
    this.current = socket;
  }

  get socket(): Socket {
    return this.current;
  }

  get writable(): boolean {
    return !this.current.destroyed && this.current.writable;
  }

  start(): void {
    this.current.setNoDelay(true);
    this.attach(this.current);
  }

  write(text: string): void {
    if (!this.writable) return;
    this.current.write(text);
  }

  /** Ends after the pending replies are flushed; a client that never reads them is cut off after 5 s. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    const socket = this.current;
    socket.end();
    setTimeout(() => socket.destroy(), 5_000).unref();
  }

  /**
   * Hands the TCP connection to TLS (after the 234 reply was written: Node flushes it first). No
   * plain byte is read from here on; the returned promise settles with the handshake.
   */
  upgrade(tls: ServerTls): Promise<TLSSocket> {
    const plain = this.current;
    plain.off('data', this.onData);
    plain.setTimeout(0);
    const { socket, handshake } = tls.wrap(plain);
    this.current = socket;
    this.secured = true;
    this.attach(socket);
    return handshake;
  }

  private attach(socket: Socket): void {
    socket.setTimeout(this.idleTimeoutMs, () => this.events.idle());
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.once('end', this.onEnd);
    socket.once('close', this.onClose);
    // A socket paused after a PROXY header does not resume by itself when 'data' gets a listener.
    socket.resume();
  }
}
