/**
 * Events the engine reports for metrics and audit (the app turns them into Prometheus counters).
 * Every callback is optional and must not throw; they run synchronously on the session's path.
 */
export interface TransferRecord {
  readonly sid: string;
  readonly user: string | undefined;
  readonly command: string;
  readonly path: string | undefined;
  readonly direction: 'download' | 'upload';
  readonly kind: 'file' | 'listing';
  readonly bytes: number;
  readonly durationMs: number;
  readonly result: 'ok' | 'aborted' | 'failed' | 'no-connection';
}

export interface ServerObserver {
  sessionOpened?(event: { sid: string; remoteAddress: string }): void;
  sessionClosed?(event: { sid: string; user: string | undefined; durationMs: number }): void;
  login?(event: { sid: string; user: string; remoteAddress: string; ok: boolean }): void;
  /** One per command, with the code of the reply that answered it (the last one, for multi-reply commands that end at once). */
  command?(event: { verb: string; code: number }): void;
  transfer?(record: TransferRecord): void;
}
