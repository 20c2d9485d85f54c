/**
 * STOR, APPE and STOU share one upload path: the data socket streams straight into the driver's
 * `write`, which resolves only once the file is committed; 226 follows from the transfer runner.
 */
import { pipeline } from 'node:stream/promises';
import { crlfToLf } from '@bucketftp/protocol';
import type { WriteMode } from '@bucketftp/storage';
import type { CommandContext } from '../../context.js';
import { untilCleanEnd } from '../../data/clean-end.js';
import { FtpError } from '../../errors.js';
import { openingText } from './transfer-text.js';

export function startUpload(context: CommandContext, command: string, path: string, mode: WriteMode, opening?: string): void {
  const { storage, account, state } = context;
  if (mode.kind === 'append' && !storage.capabilities.append) throw new FtpError(504, 'APPE is not supported by this storage.');
  if (mode.kind === 'resume' && !storage.capabilities.resume) throw new FtpError(504, 'Resuming uploads is not supported by this storage.');
  const ascii = state.type === 'ascii';
  const sizeHint = state.takeAllocateHint();
  context.transfers.start({
    command,
    path,
    kind: 'file',
    direction: 'upload',
    opening: opening ?? openingText(state.type, path),
    async run({ socket, signal, confirmEnd }) {
      // RFC 959 §3.1.1.1: in TYPE A, CRLF on the wire becomes the stored LF convention.
      const source = untilCleanEnd(confirmEnd);
      const piped = ascii ? pipeline(socket, crlfToLf(), source, { signal }) : pipeline(socket, source, { signal });
      piped.catch((error: unknown) => source.destroy(error as Error));
      await storage.write(path, source, { mode, signal, partial: account.partialUploads ?? 'discard', sizeHint });
    },
  });
}
