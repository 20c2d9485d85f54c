/**
 * Runs one transfer as its own task with an AbortController (so ABOR, STAT and QUIT are answered
 * meanwhile), moves its bytes (data/byte-path.ts) and gives it the one reply it ends with
 * (RFC 959 §4.2): 425 no data connection, 150 before the bytes flow, 226 only once the bytes moved
 * (for uploads: the file is committed), 426 when the data connection failed first or the transfer
 * was aborted, and the storage error's reply when storage failed first.
 */
import type { Socket } from 'node:net';
import type { Transform } from 'node:stream';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { TransferInfo, TransferRequest, Transfers } from './context.js';
import { FirstFailure, moveBytes } from './data/byte-path.js';
import { DataChannelError, type DataChannel } from './data/data-channel.js';
import { FtpError, replyForError, type ErrorReply } from './errors.js';
import type { Logger } from './logger.js';
import type { TransferRecord } from './observer.js';
import type { ReplyWriter } from './reply-writer.js';
import type { SessionStats } from './stats.js';

/** PROT P on data connections (see tls/data-protection.ts); absent means clear data connections only. */
export interface DataSecurity {
  /** A refusal before the data connection is opened (policy requires PROT P). */
  refusal(): FtpError | undefined;
  /** Runs after the 150 reply: the socket to transfer over (TLS-wrapped under PROT P). */
  secure(socket: Socket, signal: AbortSignal): Promise<Socket>;
}

export interface TransferRunnerDeps {
  readonly data: DataChannel;
  readonly security?: DataSecurity;
  readonly stats: SessionStats;
  readonly dataTimeoutMs: number;
  /** The bandwidth limiter for one file transfer, or undefined when none applies (see data/byte-path.ts). */
  readonly throttle?: (direction: 'upload' | 'download') => Transform | undefined;
  /** Where the transfer's replies go; the first one (150, or why none came) answers the transfer command. */
  readonly replies: Pick<ReplyWriter, 'transfer'>;
  log(): Logger;
  report(record: Omit<TransferRecord, 'sid' | 'user'>): void;
}

interface Running {
  readonly request: TransferRequest;
  readonly controller: AbortController;
  readonly done: Promise<void>;
  socket: Socket | undefined;
}

/**
 * A dying client's kernel sends the FINs of its data and control connections microseconds apart.
 * From the data connection's clean end, the runner lets the event loop turn and waits at least this
 * long before an upload may commit, so that both FINs are seen first. Storage stages the file
 * meanwhile (WriteOptions.beforeCommit) and awaits the wait only before the commit itself. With 5 ms,
 * sequential 10 KiB STORs in one session fell from 324 to 119 files/s; at 1 ms, dying-client.test.ts
 * still sees the second FIN on a loaded machine.
 */
export const HANG_UP_SETTLE_MS = 1;

const COMPLETE = { code: 226, text: 'Transfer complete.', unexpected: false } as const;
// RFC 959 §4.2: 426, the data connection closed or the transfer was aborted.
const ABORTED = { code: 426, text: 'Connection closed; transfer aborted.', unexpected: false } as const;

export class TransferRunner implements Transfers {
  private running: Running | undefined;
  /** The control connection closed without QUIT: no transfer may complete any more. */
  private abandoned = false;

  constructor(private readonly deps: TransferRunnerDeps) {}

  get current(): TransferInfo | undefined {
    const running = this.running;
    if (!running) return undefined;
    const socket = running.socket;
    const bytes = socket ? (running.request.direction === 'upload' ? socket.bytesRead : socket.bytesWritten) : 0;
    return { command: running.request.command, path: running.request.path, bytes, bufferedBytes: socket?.writableLength ?? 0 };
  }

  start(request: TransferRequest): void {
    if (this.running) throw new Error('a transfer is already running');
    const controller = new AbortController();
    const running: Running = { request, controller, socket: undefined, done: Promise.resolve() };
    this.running = running;
    (running as { done: Promise<void> }).done = this.execute(running).finally(() => {
      if (this.running === running) this.running = undefined;
    });
  }

  async abort(): Promise<boolean> {
    const running = this.stop();
    if (!running) return false;
    await running.done;
    return true;
  }

  /**
   * The client hung up without QUIT: nobody will read the reply, so the running transfer is aborted
   * at once and no upload is committed from here on.
   */
  abandon(): void {
    this.abandoned = true;
    this.stop();
  }

  private stop(): Running | undefined {
    const running = this.running;
    running?.controller.abort();
    running?.socket?.destroy();
    return running;
  }

  async idle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  private async execute(running: Running): Promise<void> {
    const { request, controller } = running;
    const started = performance.now();
    const log = this.deps.log();
    const refusal = this.deps.security?.refusal();
    if (refusal) {
      this.deps.data.reset();
      this.deps.replies.transfer(refusal.code, refusal.message, request.command);
      this.deps.report({ ...describe(request), bytes: 0, durationMs: 0, result: 'no-connection' });
      return;
    }
    let socket: Socket;
    try {
      socket = await this.deps.data.open(controller.signal);
    } catch (error) {
      const reason = error instanceof DataChannelError ? error.message : String(error);
      log.info({ cmd: request.command, reason }, 'data connection failed');
      // RFC 959 §4.1.3: an ABOR of a command still in progress ends it with 426 (then ABOR's 226).
      if (controller.signal.aborted) this.deps.replies.transfer(426, 'Connection closed; transfer aborted.', request.command);
      else this.deps.replies.transfer(425, "Can't open data connection.", request.command);
      this.deps.report({ ...describe(request), bytes: 0, durationMs: Math.round(performance.now() - started), result: 'no-connection' });
      return;
    }
    running.socket = socket;
    this.deps.replies.transfer(150, request.opening, request.command);
    if (this.deps.security) {
      try {
        socket = await this.deps.security.secure(socket, controller.signal);
        running.socket = socket;
      } catch (error) {
        socket.destroy();
        log.info({ cmd: request.command, err: error }, 'data connection TLS negotiation failed');
        // RFC 959 §4.2: 425 after 150 — the connection was made, but never became usable.
        if (controller.signal.aborted) this.deps.replies.transfer(426, 'Connection closed; transfer aborted.');
        else if (error instanceof FtpError) this.deps.replies.transfer(error.code, error.message);
        else this.deps.replies.transfer(425, "Can't open data connection: TLS negotiation failed.");
        this.deps.report({ ...describe(request), bytes: 0, durationMs: Math.round(performance.now() - started), result: 'no-connection' });
        return;
      }
    }
    // No progress for dataTimeoutMs: the transfer is aborted, which also frees a backend stuck waiting.
    socket.setTimeout(this.deps.dataTimeoutMs, () => {
      controller.abort();
      socket.destroy(new Error('data connection timed out'));
    });
    const failures = new FirstFailure();
    let result: 'ok' | 'aborted' | 'failed' = 'ok';
    let failure: unknown;
    /** The final reply, when it went out before the data connection was reset. */
    let answeredEarly: ErrorReply | undefined;
    try {
      await moveBytes(request, socket, {
        signal: controller.signal,
        failures,
        beforeCommit: () => this.clientStillThere(),
        throttle: this.deps.throttle,
        storageFailed: (error) => {
          if (controller.signal.aborted) return;
          answeredEarly = replyForError(error);
          this.deps.replies.transfer(answeredEarly.code, answeredEarly.text);
        },
      });
    } catch (error) {
      // The end that failed first decides: the data connection's means 426, storage's its own reply.
      result = controller.signal.aborted || failures.end === 'socket' ? 'aborted' : 'failed';
      failure = failures.error ?? error;
    } finally {
      socket.destroy();
    }
    this.finish(request, socket, started, result, failure, answeredEarly);
  }

  /**
   * Writes the transfer's last reply (unless it went out already, before the data connection was
   * reset), then logs and reports it: the client need not wait for either.
   */
  private finish(
    request: TransferRequest,
    socket: Socket,
    started: number,
    result: 'ok' | 'aborted' | 'failed',
    failure: unknown,
    answeredEarly: ErrorReply | undefined,
  ): void {
    const bytes = request.direction === 'upload' ? socket.bytesRead : socket.bytesWritten;
    const durationMs = Math.round(performance.now() - started);
    // Answered early, the failure is storage's, the one that reply was made from.
    const reply = result === 'ok' ? COMPLETE : result === 'aborted' ? ABORTED : (answeredEarly ?? replyForError(failure));
    if (!answeredEarly) this.deps.replies.transfer(reply.code, reply.text);
    const log = this.deps.log();
    const transfer = { cmd: request.command, path: request.path, direction: request.direction, bytes, durationMs, result };
    this.deps.report({ ...describe(request), bytes, durationMs, result });
    if (result === 'ok') {
      this.deps.stats.record(request.kind, bytes);
      log.info({ transfer }, 'transfer complete');
    } else if (result === 'aborted') {
      log.info({ transfer, err: failure }, 'transfer aborted');
    } else if (reply.unexpected) {
      log.warn({ transfer, err: failure }, 'transfer failed');
    } else {
      log.info({ transfer, err: failure }, 'transfer failed');
    }
  }

  /**
   * Started when an upload's data connection ended cleanly, awaited by storage before the commit:
   * is the client still there to hear the 226? Its hang-up may be a FIN arriving just after the
   * data connection's.
   */
  private async clientStillThere(): Promise<void> {
    await settle(HANG_UP_SETTLE_MS);
    if (this.abandoned) throw new DataChannelError('the control connection closed before the upload was complete');
  }
}

function describe(request: TransferRequest): Pick<TransferRecord, 'command' | 'path' | 'direction' | 'kind'> {
  return { command: request.command, path: request.path, direction: request.direction, kind: request.kind };
}

/**
 * A turn of the event loop, then `ms` on the loop's millisecond clock (1.36 ms on average for 1 ms,
 * measured). Turning the loop until exactly `ms` had passed saved 0.3 ms per upload but cost 0.7 ms
 * of CPU each, spent while the server would otherwise sleep.
 */
async function settle(ms: number): Promise<void> {
  await nextTurn();
  await sleep(ms);
}
