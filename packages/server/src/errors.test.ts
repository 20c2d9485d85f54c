import { describe, expect, it } from 'vitest';
import { StorageError, type StorageErrorKind } from '@bucketftp/storage';
import { DataChannelError } from './data/data-channel.js';
import { FtpError, replyForError } from './errors.js';

describe('replyForError', () => {
  it('passes FtpError codes and texts through', () => {
    expect(replyForError(new FtpError(504, 'Nope.'))).toEqual({ code: 504, text: 'Nope.', unexpected: false });
  });

  it.each<[StorageErrorKind, number]>([
    ['not-found', 550],
    ['exists', 550],
    ['not-empty', 550],
    ['not-a-directory', 550],
    ['is-a-directory', 550],
    ['permission', 550],
    ['quota', 552],
    ['invalid-name', 553],
    ['invalid-argument', 501],
    ['unsupported', 504],
    ['unavailable', 451],
    ['storage-missing', 550],
    ['aborted', 426],
  ])('maps the storage error %s to %i without its message', (kind, code) => {
    const reply = replyForError(new StorageError(kind, 'secret backend detail'));
    expect(reply.code).toBe(code);
    expect(reply.text).not.toContain('secret');
    expect(reply.unexpected).toBe(kind === 'unavailable');
  });

  it('answers a missing storage (a deleted bucket) as permanent, not "try again later"', () => {
    const reply = replyForError(new StorageError('storage-missing', 'the bucket does not exist: /f'));
    expect(reply).toEqual({ code: 550, text: 'Storage is not available for this account.', unexpected: false });
  });

  it('answers 425 when a data connection cannot be set up, and flags it for the log', () => {
    expect(replyForError(new DataChannelError('no free passive port in the configured range'))).toEqual({
      code: 425,
      text: "Can't open data connection.",
      unexpected: true,
    });
  });

  it('answers anything else with a generic 451 and flags it for the log', () => {
    expect(replyForError(new TypeError('x is undefined'))).toEqual({
      code: 451,
      text: 'Requested action aborted: local error in processing.',
      unexpected: true,
    });
  });
});
