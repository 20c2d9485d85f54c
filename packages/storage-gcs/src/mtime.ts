/**
 * A modification time set by a client (MFMT) is kept in the object's custom metadata as rclone and
 * gsutil keep it, so files written by either and by bucketftp agree:
 * - `mtime`: RFC 3339 with the fraction's trailing zeros dropped (`2001-02-03T04:05:06.789Z`), rclone's;
 * - `goog-reserved-file-mtime`: whole seconds since the epoch, gsutil's (rclone writes both).
 * Read in that order; an object with neither (or with values that are no such times) reports `updated`.
 */
import type { FileMetadata } from '@google-cloud/storage';

export const MTIME_KEY = 'mtime';
export const GSUTIL_MTIME_KEY = 'goog-reserved-file-mtime';

const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const EPOCH_SECONDS = /^-?\d{1,15}$/;

/** The custom metadata that keeps `date`. */
export function mtimeMetadata(date: Date): Record<string, string> {
  return {
    [MTIME_KEY]: date.toISOString().replace(/\.?0+Z$/, 'Z'),
    [GSUTIL_MTIME_KEY]: String(Math.floor(date.getTime() / 1000)),
  };
}

/** The kept time in custom metadata, or undefined. */
export function keptMtime(custom: FileMetadata['metadata']): Date | undefined {
  const rclone = custom?.[MTIME_KEY];
  if (typeof rclone === 'string' && RFC_3339.test(rclone)) {
    const date = new Date(rclone);
    if (!Number.isNaN(date.getTime())) return date;
  }
  const gsutil = custom?.[GSUTIL_MTIME_KEY];
  const seconds = typeof gsutil === 'number' ? String(gsutil) : gsutil;
  if (typeof seconds === 'string' && EPOCH_SECONDS.test(seconds)) {
    const date = new Date(Number(seconds) * 1000);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return undefined;
}
