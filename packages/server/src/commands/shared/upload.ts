/**
 * STOR, APPE and STOU share one upload: the drop-box rules are checked before the data connection
 * opens (policy/upload-checks.ts), then the received bytes go into the driver's `write`, which
 * resolves only once the file is committed; 226 follows from the transfer runner.
 */
import type { WriteMode } from '@bucketftp/storage';
import type { CommandContext } from '../../context.js';
import { FtpError } from '../../errors.js';
import { elapsedMs } from './elapsed.js';
import { checkUpload } from '../../policy/upload-checks.js';
import { openingText } from './transfer-text.js';

export async function startUpload(context: CommandContext, command: string, path: string, mode: WriteMode, opening?: string): Promise<void> {
  const { storage, account, state } = context;
  if (mode.kind === 'append' && !storage.capabilities.append) throw new FtpError(504, 'APPE is not supported by this storage.');
  if (mode.kind === 'resume' && !storage.capabilities.resume) throw new FtpError(504, 'Resuming uploads is not supported by this storage.');
  const sizeHint = state.takeAllocateHint();
  const maxBytes = await checkUpload(context, path, mode, sizeHint);
  const partial = account.partialUploads ?? 'discard';
  context.transfers.start({
    command,
    path,
    kind: 'file',
    direction: 'upload',
    opening: opening ?? openingText(state.type, path),
    type: state.type,
    maxBytes,
    sink: async (source, signal, beforeCommit) => {
      const started = performance.now();
      const written = await storage.write(path, source, { mode, signal, partial, sizeHint, beforeCommit });
      // Only here is the file committed: an aborted, reset or discarded upload rejects above.
      context.fileOperation({ operation: 'upload', command, path, size: written.size, durationMs: elapsedMs(started), write: written });
      return written;
    },
  });
}
