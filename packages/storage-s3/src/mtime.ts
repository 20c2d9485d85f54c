/**
 * A modification time set by a client (MFMT) is kept as the user metadata `mtime`
 * (`x-amz-meta-mtime`) in rclone's format: seconds since the epoch as a fixed-point decimal,
 * trailing zeros dropped (`1354040105.123456789`, `1354040105`), so files written by rclone and by
 * bucketftp agree. Objects without it (or with a value that is no such number) report LastModified.
 */

export const MTIME_METADATA_KEY = 'mtime';

const DECIMAL_SECONDS = /^(-?)(\d{1,15})(?:\.(\d+))?$/;

/** `date` in rclone's format, to the millisecond a Date holds. */
export function formatMtimeMetadata(date: Date): string {
  const ms = date.getTime();
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const fraction = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 1000)}${fraction === '' ? '' : `.${fraction}`}`;
}

/** The time in an `mtime` value (nanoseconds are cut to milliseconds), or undefined. */
export function parseMtimeMetadata(text: string | undefined): Date | undefined {
  const match = text === undefined ? null : DECIMAL_SECONDS.exec(text.trim());
  if (!match) return undefined;
  const abs = Number(match[2]) * 1000 + Number((match[3] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(match[1] === '-' ? -abs : abs);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The file's modification time: the kept `mtime`, else when the object was written. */
export function objectMtime(metadata: Record<string, string> | undefined, lastModified: Date | undefined): Date | undefined {
  return parseMtimeMetadata(metadata?.[MTIME_METADATA_KEY]) ?? lastModified;
}
