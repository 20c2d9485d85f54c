/**
 * The bytes of one transfer, moved in one place: the storage end (a source from `storage.read`, or
 * the storage write a sink starts), the stages between it and the data connection, the clean-end
 * check before an upload may commit, and the graceful close after a download. Because both ends
 * are made here, a failure is known to come from the data connection or from storage: whichever
 * failed first.
 */
import type { Duplex, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crlfToLf, lfToCrlf } from '@bucketftp/protocol';
import { writeLines } from '../commands/shared/write-lines.js';
import type { FileUpload, TransferRequest } from '../context.js';
import type { TransferType } from '../session-state.js';
import { confirmCleanEnd, untilCleanEnd } from './clean-end.js';
import { fileTooLarge } from '../policy/upload-checks.js';
import { DataChannelError } from './data-channel.js';
import { sizeLimit } from './size-limit.js';

/** `limit`: a rule of the transfer itself stopped it (maxFileSize); answered like a storage failure. */
export type TransferEnd = 'socket' | 'storage' | 'limit';

/** The first failure of a transfer, and the end it came from. */
export class FirstFailure {
  end: TransferEnd | undefined;
  error: unknown;

  note(end: TransferEnd, error: unknown): void {
    if (this.end !== undefined) return;
    this.end = end;
    this.error = error;
  }
}

export interface BytePathOptions {
  readonly signal: AbortSignal;
  readonly failures: FirstFailure;
  /**
   * Started at an upload's clean end; storage awaits it right before the commit, so its wait
   * overlaps storage's last work (flush, close). Rejects to keep the upload from committing.
   */
  readonly beforeCommit: () => Promise<void>;
  /** The bandwidth limiter of a file transfer (limits/bandwidth.ts); undefined when nothing limits it. */
  readonly throttle?: (direction: Direction) => Transform | undefined;
  /**
   * Storage failed first while the client may still be sending: called before the data connection
   * is reset, so that the final reply is on its way before the reset (a client that sees the reset
   * first reports it instead of the reason).
   */
  readonly storageFailed?: (error: unknown) => void;
}

type Direction = 'download' | 'upload';

/** Resolves when the file is committed (uploads) or every byte was handed to the kernel (downloads). */
export async function moveBytes(request: TransferRequest, socket: Duplex, options: BytePathOptions): Promise<void> {
  const { signal, failures } = options;
  socket.on('error', (error) => failures.note('socket', error));
  socket.once('close', () => failures.note('socket', new DataChannelError('data connection closed')));
  if (request.direction === 'upload') {
    await receive(request, socket, options);
    return;
  }
  if (request.kind === 'listing') {
    await writeLines(socket, request.lines(signal), signal).catch(storageFailed(failures));
  } else {
    const source = await request.source({ offset: request.offset, signal }).catch(storageFailed(failures));
    source.once('error', (error) => failures.note('storage', error));
    await pipeline([source, ...stages('download', request.type, options, failures), socket], { signal });
  }
  await closeGracefully(socket);
}

/**
 * The stages between storage and the data connection, in the order the bytes pass them. The
 * bandwidth limiter sits next to the data connection, so it counts the bytes on the wire; without
 * a limit there is no stage at all. Listings never come here: they are not limited. An upload's
 * size limit counts the bytes as stored, after the TYPE A conversion.
 */
function stages(direction: Direction, type: TransferType, { throttle }: BytePathOptions, failures: FirstFailure, maxBytes?: number): Transform[] {
  const limiter = throttle?.(direction);
  const list: Transform[] = limiter ? [limiter] : [];
  // RFC 959 §3.1.1.1: in TYPE A, lines end in CRLF on the wire and in LF in storage.
  if (type === 'ascii') {
    if (direction === 'upload') list.push(crlfToLf());
    else list.unshift(lfToCrlf());
  }
  if (direction === 'upload' && maxBytes !== undefined) {
    list.push(sizeLimit(maxBytes, () => fileTooLarge(maxBytes), (error) => failures.note('limit', error)));
  }
  return list;
}

/**
 * The data connection flows into the storage write. Storage sees the end of the file only once the
 * connection's end proved clean; `beforeCommit` starts then, and storage awaits it before it makes
 * the file visible. The transfer ends when both the flow and the storage write have settled, so a
 * discarded upload is cleaned up before the reply.
 */
async function receive(request: FileUpload, socket: Duplex, options: BytePathOptions): Promise<void> {
  const { signal, failures, beforeCommit } = options;
  let checked: Promise<void> | undefined;
  const body = untilCleanEnd(async () => {
    await confirmCleanEnd(socket).catch((error: unknown) => {
      failures.note('socket', error);
      throw error;
    });
    checked = beforeCommit().catch((error: unknown) => {
      failures.note('socket', error);
      throw error;
    });
    // Awaited by storage's commit; never, when storage failed first.
    checked.catch(() => undefined);
  });
  const lastCheck = (): Promise<void> => checked ?? Promise.reject(new DataChannelError('the upload has not ended cleanly'));
  const flowing = pipeline([socket, ...stages('upload', request.type, options, failures, request.maxBytes), body], { signal });
  const committed = request.sink(body, signal, lastCheck).catch((error: unknown) => {
    failures.note('storage', error);
    if (failures.end === 'storage') options.storageFailed?.(error);
    // Storage stopped reading: the client's bytes have nowhere to go.
    socket.destroy();
    throw error;
  });
  const [flow, commit] = await Promise.allSettled([flowing, committed]);
  if (commit.status === 'rejected') throw commit.reason;
  if (flow.status === 'rejected') throw flow.reason;
}

function storageFailed(failures: FirstFailure): (error: unknown) => never {
  return (error) => {
    failures.note('storage', error);
    throw error;
  };
}

/**
 * Half-closes after the last byte and waits until every byte is handed to the kernel, so 226 never
 * overtakes data. Rejects when the socket is destroyed first (ABOR, data timeout, reset): those bytes
 * never left, so the transfer did not complete.
 */
function closeGracefully(socket: Duplex): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.writableFinished) return resolve();
    if (socket.destroyed) return reject(new DataChannelError('data connection closed before the last byte was sent'));
    socket.end((error?: Error | null) => (error ? reject(error) : resolve()));
  });
}
