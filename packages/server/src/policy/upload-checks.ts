/**
 * The drop-box rules an upload or a rename must pass before anything moves: checked by STOR, APPE,
 * STOU and RNTO before the data connection opens, so a refused upload stores no byte.
 */
import { baseName, isStorageError, parentPath, StorageError, type Entry, type StorageDriver, type WriteMode } from '@bucketftp/storage';
import type { CommandContext } from '../context.js';
import { FtpError } from '../errors.js';

type PolicyContext = Pick<CommandContext, 'files' | 'storage'>;

/**
 * Name, overwrite and size rules for an upload to `path`; resolves with the bytes the upload may
 * receive (undefined: no limit). `sizeHint` is the size announced by ALLO.
 */
export async function checkUpload(context: PolicyContext, path: string, mode: WriteMode, sizeHint?: number): Promise<number | undefined> {
  const rules = context.files.in(parentPath(path));
  // RFC 959 §4.2: 553 file name not allowed.
  if (!rules.nameAllowed(baseName(path))) throw new FtpError(553, 'File name not allowed.');
  const max = rules.maxFileSize;
  const needsExisting = !rules.overwrite || (max !== undefined && mode.kind === 'append');
  const existing = needsExisting ? await existingFile(context.storage, path) : undefined;
  if (!rules.overwrite && existing) throw new FtpError(550, 'File exists; replacing it is not allowed.');
  if (max === undefined) return undefined;
  const kept = mode.kind === 'resume' ? mode.offset : mode.kind === 'append' ? (existing?.size ?? 0) : 0;
  // RFC 959 §4.2: 552 exceeded storage allocation — said before any byte moves when known up front.
  if (kept + (sizeHint ?? 0) > max) throw fileTooLarge(max);
  return max - kept;
}

/** RNTO: the new name must be allowed (for a file) and must not replace a file when overwrite is off. */
export async function checkRename(context: PolicyContext, from: string, to: string): Promise<void> {
  const rules = context.files.in(parentPath(to));
  if (!rules.nameAllowed(baseName(to)) && (await context.storage.stat(from)).type === 'file') {
    throw new FtpError(553, 'File name not allowed.');
  }
  if (!rules.overwrite && (await existingFile(context.storage, to))) throw new FtpError(550, 'File exists; replacing it is not allowed.');
}

/**
 * An upload passed maxFileSize: a `quota` failure, so the reply is 552 (errors.ts) and no driver
 * keeps its bytes, whatever the partial-upload policy (keepsPartial in the storage contract).
 */
export function fileTooLarge(max: number): StorageError {
  return new StorageError('quota', `upload exceeds the maximum file size of ${max} bytes`);
}

async function existingFile(storage: StorageDriver, path: string): Promise<Entry | undefined> {
  try {
    const entry = await storage.stat(path);
    return entry.type === 'file' ? entry : undefined;
  } catch (error) {
    if (isStorageError(error, 'not-found')) return undefined;
    throw error;
  }
}
