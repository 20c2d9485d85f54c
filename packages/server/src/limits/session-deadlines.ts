/**
 * Deadlines that an idle timeout cannot enforce, because any byte resets it (slowloris: one byte a
 * second holds a connection forever):
 * - a command line must be complete within `commandLineTimeoutMs` of its first byte;
 * - a client must log in within `loginTimeoutMs` of connecting (again after REIN).
 * The session answers an expired deadline with 421 and closes the connection.
 */
export type DeadlineKind = 'command-line' | 'login';

export interface SessionDeadlineOptions {
  /** 0 = no deadline. */
  readonly commandLineTimeoutMs: number;
  /** 0 = no deadline. */
  readonly loginTimeoutMs: number;
  expired(kind: DeadlineKind): void;
}

export class SessionDeadlines {
  private lineTimer: NodeJS.Timeout | undefined;
  private loginTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: SessionDeadlineOptions) {}

  /** The connection was greeted: the login deadline starts. */
  start(): void {
    this.loggedOut();
  }

  loggedIn(): void {
    clearTimeout(this.loginTimer);
    this.loginTimer = undefined;
  }

  /** REIN: the client has to log in again, within the same time. */
  loggedOut(): void {
    clearTimeout(this.loginTimer);
    this.loginTimer = this.arm(this.options.loginTimeoutMs, 'login');
  }

  /**
   * Bytes arrived that completed `lines` lines and left `unfinished` bytes of the next one. Bytes
   * that complete nothing (a partial line, telnet commands, an overlong line being discarded) keep
   * the deadline that the first of them started.
   */
  received(lines: number, unfinished: number): void {
    if (lines > 0) {
      clearTimeout(this.lineTimer);
      this.lineTimer = undefined;
      if (unfinished === 0) return;
    }
    this.lineTimer ??= this.arm(this.options.commandLineTimeoutMs, 'command-line');
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.lineTimer);
    clearTimeout(this.loginTimer);
  }

  private arm(ms: number, kind: DeadlineKind): NodeJS.Timeout | undefined {
    if (ms <= 0 || this.stopped) return undefined;
    const timer = setTimeout(() => {
      if (kind === 'login') this.loginTimer = undefined;
      else this.lineTimer = undefined;
      if (!this.stopped) this.options.expired(kind);
    }, ms);
    timer.unref();
    return timer;
  }
}
