/**
 * The one place where errors become replies. Handlers throw FtpError for protocol answers and let
 * StorageErrors bubble up; anything else is a bug or a backend fault, logged with its cause and
 * answered with a generic reply — backend text never reaches the wire.
 */
import { isStorageError, type StorageErrorKind } from '@bucketftp/storage';
import { DataChannelError } from './data/data-channel.js';

export class FtpError extends Error {
  override readonly name = 'FtpError';

  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ErrorReply {
  code: number;
  text: string;
  /** True when the cause is unexpected and belongs in the log at warn/error level. */
  unexpected: boolean;
}

// RFC 959 §4.2: 550 file unavailable, 552 exceeded storage allocation, 553 name not allowed,
// 451 local error in processing (transient), 504 not implemented for that parameter, 426 transfer aborted.
const STORAGE_REPLIES: Record<StorageErrorKind, { code: number; text: string }> = {
  'not-found': { code: 550, text: 'No such file or directory.' },
  exists: { code: 550, text: 'File exists.' },
  'not-empty': { code: 550, text: 'Directory not empty.' },
  'not-a-directory': { code: 550, text: 'Not a directory.' },
  'is-a-directory': { code: 550, text: 'Is a directory.' },
  permission: { code: 550, text: 'Permission denied.' },
  quota: { code: 552, text: 'Storage quota exceeded.' },
  'invalid-name': { code: 553, text: 'File name not allowed.' },
  'invalid-argument': { code: 501, text: 'Invalid argument.' },
  unsupported: { code: 504, text: 'Not supported by this storage.' },
  unavailable: { code: 451, text: 'Storage temporarily unavailable; try again later.' },
  // Permanent: "try later" would never come true. Logged once per backend by the application.
  'storage-missing': { code: 550, text: 'Storage is not available for this account.' },
  aborted: { code: 426, text: 'Connection closed; transfer aborted.' },
};

export function replyForError(error: unknown): ErrorReply {
  if (error instanceof FtpError) return { code: error.code, text: error.message, unexpected: false };
  // RFC 959 §4.2: 425 can't open data connection (e.g. every passive port is taken); worth a warning.
  if (error instanceof DataChannelError) return { code: 425, text: "Can't open data connection.", unexpected: true };
  if (isStorageError(error)) {
    const reply = STORAGE_REPLIES[error.kind];
    return { ...reply, unexpected: error.kind === 'unavailable' };
  }
  return { code: 451, text: 'Requested action aborted: local error in processing.', unexpected: true };
}
