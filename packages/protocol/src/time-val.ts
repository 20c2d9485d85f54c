/**
 * The `time-val` of MFMT (draft-somers-ftp-mfxx §3, the same grammar as RFC 3659 §2.3):
 * `YYYYMMDDHHMMSS[.F+]` in UTC. No I/O.
 */

const TIME_VAL = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?$/;

/**
 * The instant a time-val names, or undefined when it is malformed or names no real time (month 13,
 * February 30, hour 24, a leap second). Fractions are kept to the millisecond.
 */
export function parseTimeVal(text: string): Date | undefined {
  const match = TIME_VAL.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  // Out-of-range fields roll over (Feb 30 → Mar 2): only an exact round trip is a real time.
  const exact =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return exact ? date : undefined;
}

/**
 * Splits the MFMT argument `time-val SP pathname` (draft-somers-ftp-mfxx §3); the pathname is the
 * rest of the line and may hold spaces. Undefined when either part is missing.
 */
export function splitMfmtArgument(arg: string): { time: string; pathname: string } | undefined {
  const space = arg.indexOf(' ');
  if (space <= 0) return undefined;
  const pathname = arg.slice(space + 1);
  return pathname === '' ? undefined : { time: arg.slice(0, space), pathname };
}
