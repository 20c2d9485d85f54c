/**
 * Runs one transfer as its own task with an AbortController (so ABOR, STAT and QUIT are answered
 * meanwhile) and gives it the one reply it ends with (RFC 959 §4.2):
 * 425 no data connection, 150 before the bytes flow, 226 only once `run` resolved (for uploads: the
 * file is committed), 426 when the data connection was reset or the transfer aborted, and the
 * storage error's reply otherwise.
 */
import type { Socket } from 'node:net';
import { isStorageError } from '@bucketftp/storage';
import type { TransferInfo, TransferRequest, Transfers } from './context.js';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { confirmCleanEnd } from './data/clean-end.js';
import { DataChannelError, type DataChannel } from './data/data-channel.js';
import { FtpError, replyForError } from './errors.js';
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
 * After the data connection's end, the runner lets the event loop turn and waits this long before it
 * looks at the control connection, so that both FINs are seen before an upload may commit.
 */
export const HANG_UP_SETTLE_MS = 5;

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
    const running = this.running;
    if (!running) return false;
    running.controller.abort();
    running.socket?.destroy();
    await running.done;
    return true;
  }

  /**
   * The client hung up without QUIT: nobody will read the reply, so the running transfer is aborted
   * at once and no upload is committed from here on.
   */
  abandon(): void {
    this.abandoned = true;
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    running.socket?.destroy();
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
    let socketFailed = false;
    socket.on('error', () => {
      socketFailed = true;
    });
    let result: 'ok' | 'aborted' | 'failed' = 'ok';
    let failure: unknown;
    try {
      await request.run({ socket, signal: controller.signal, confirmEnd: () => this.confirmEnd(socket) });
      if (request.direction === 'download') await closeGracefully(socket);
    } catch (error) {
      failure = error;
      result = lostConnection(error, controller.signal.aborted, socketFailed) ? 'aborted' : 'failed';
    } finally {
      socket.destroy();
    }
    const bytes = request.direction === 'upload' ? socket.bytesRead : socket.bytesWritten;
    const durationMs = Math.round(performance.now() - started);
    const transfer = { cmd: request.command, path: request.path, direction: request.direction, bytes, durationMs, result };
    this.deps.report({ ...describe(request), bytes, durationMs, result });
    if (result === 'ok') {
      this.deps.stats.record(request.kind, bytes);
      log.info({ transfer }, 'transfer complete');
      this.deps.replies.transfer(226, 'Transfer complete.');
      return;
    }
    if (result === 'aborted') {
      log.info({ transfer, err: failure }, 'transfer aborted');
      this.deps.replies.transfer(426, 'Connection closed; transfer aborted.');
      return;
    }
    const reply = replyForError(failure);
    if (reply.unexpected) log.warn({ transfer, err: failure }, 'transfer failed');
    else log.info({ transfer, err: failure }, 'transfer failed');
    this.deps.replies.transfer(reply.code, reply.text);
  }

  /**
   * May an upload whose data connection just ended be committed? Only when the end was a clean close
   * (not a reset) and the client is still there to hear the 226.
   */
  private async confirmEnd(socket: Socket): Promise<void> {
    await confirmCleanEnd(socket);
    await nextTurn();
    await sleep(HANG_UP_SETTLE_MS);
    if (this.abandoned) throw new DataChannelError('the control connection closed before the upload was complete');
  }
}

function describe(request: TransferRequest): Pick<TransferRecord, 'command' | 'path' | 'direction' | 'kind'> {
  return { command: request.command, path: request.path, direction: request.direction, kind: request.kind };
}

/**
 * 426 for an aborted transfer or a data connection that failed; a storage failure keeps its own reply
 * even though the pipeline then destroyed the socket with it (which also makes the socket emit 'error').
 */
function lostConnection(error: unknown, aborted: boolean, socketFailed: boolean): boolean {
  if (aborted || isStorageError(error, 'aborted') || isConnectionError(error)) return true;
  return socketFailed && !isStorageError(error);
}

const CONNECTION_ERRORS = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
  'ABORT_ERR',
]);

function isConnectionError(error: unknown): boolean {
  if (error instanceof DataChannelError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CONNECTION_ERRORS.has(code);
}

/**
 * Half-closes after the last byte and waits until every byte is handed to the kernel, so 226 never
 * overtakes data. Rejects when the socket is destroyed first (ABOR, data timeout, reset): those bytes
 * never left, so the transfer did not complete.
 */
function closeGracefully(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.writableFinished) return resolve();
    if (socket.destroyed) return reject(new DataChannelError('data connection closed before the last byte was sent'));
    socket.end((error?: Error | null) => (error ? reject(error) : resolve()));
  });
}
