import { isAcceptablePathInput, resolvePath } from '@bucketftp/protocol';
import { FtpError } from '../errors.js';
import type { FilePolicy } from './file-policy.js';

/**
 * A path argument resolved against the working directory. A path through a hidden entry is answered
 * like a missing one (550), so no command can open, change or probe what the listings leave out.
 */
export function resolveVisiblePath(cwd: string, arg: string, files: FilePolicy): string {
  if (!isAcceptablePathInput(arg)) throw new FtpError(501, 'Invalid path.');
  const path = resolvePath(cwd, arg);
  if (files.isHidden(path)) throw new FtpError(550, 'No such file or directory.');
  return path;
}
