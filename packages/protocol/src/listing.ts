/**
 * Directory listing lines: LIST in the classic `ls -l` layout and MLST/MLSD facts (RFC 3659). No I/O.
 */

export interface ListingEntry {
  name: string;
  type: 'file' | 'dir';
  size: number;
  mtime?: Date;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Like `ls`, dates older than about six months show the year instead of the time. */
const RECENT_MS = 180 * DAY_MS;

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function validDate(date: Date | undefined): date is Date {
  return date !== undefined && !Number.isNaN(date.getTime());
}

/**
 * Whether a name can appear on a listing line: names containing CR or LF would split the line and show
 * the client entries that do not exist, so callers should leave them out of LIST, NLST and MLSD.
 */
export function isListableName(name: string): boolean {
  return name !== '' && !name.includes('\r') && !name.includes('\n');
}

/**
 * One `ls -l` style line without CRLF, the layout FTP clients parse for LIST (RFC 959 leaves it open):
 * `-rw-r--r-- 1 ftp ftp         1234 Jan 02  2024 name`. Dates are UTC; an unknown mtime shows `now`.
 */
export function formatListLine(entry: ListingEntry, now: Date): string {
  const mode = entry.type === 'dir' ? 'drwxr-xr-x' : '-rw-r--r--';
  const size = String(entry.size).padStart(12);
  const mtime = validDate(entry.mtime) ? entry.mtime : now;
  const age = now.getTime() - mtime.getTime();
  const recent = age < RECENT_MS && age > -DAY_MS;
  const day = `${MONTHS[mtime.getUTCMonth()]} ${pad2(mtime.getUTCDate())}`;
  const timeOrYear = recent
    ? `${pad2(mtime.getUTCHours())}:${pad2(mtime.getUTCMinutes())}`
    : String(mtime.getUTCFullYear()).padStart(5);
  return `${mode} 1 ftp ftp ${size} ${day} ${timeOrYear} ${entry.name}`;
}

/** `YYYYMMDDHHMMSS` in UTC (RFC 3659 §2.3), as used by MDTM and the `modify` fact. */
export function formatMdtm(date: Date): string {
  return (
    String(date.getUTCFullYear()).padStart(4, '0') +
    pad2(date.getUTCMonth() + 1) +
    pad2(date.getUTCDate()) +
    pad2(date.getUTCHours()) +
    pad2(date.getUTCMinutes()) +
    pad2(date.getUTCSeconds())
  );
}

export type MlstFact = 'type' | 'size' | 'modify' | 'perm';

/** The facts this server can report, in the order they are written (RFC 3659 §7.5). */
export const SUPPORTED_MLST_FACTS: readonly MlstFact[] = ['type', 'size', 'modify', 'perm'];

/**
 * One MLST/MLSD entry without CRLF (RFC 3659 §7.2): each enabled fact as `name=value;`, then one space,
 * then the pathname. `size` is written for files only, `modify` only when the mtime is known and `perm`
 * only when given (RFC 3659 §7.5.5 letters such as `adfrw` or `elcmp`).
 */
export function formatMlsxLine(
  entry: ListingEntry,
  facts: readonly MlstFact[],
  pathname: string,
  perm?: string,
): string {
  let line = '';
  for (const fact of SUPPORTED_MLST_FACTS) {
    if (!facts.includes(fact)) continue;
    switch (fact) {
      case 'type':
        line += `type=${entry.type};`;
        break;
      case 'size':
        if (entry.type === 'file') line += `size=${entry.size};`;
        break;
      case 'modify':
        if (validDate(entry.mtime)) line += `modify=${formatMdtm(entry.mtime)};`;
        break;
      case 'perm':
        if (perm !== undefined) line += `perm=${perm};`;
        break;
    }
  }
  return `${line} ${pathname}`;
}

/**
 * Parses the argument of `OPTS MLST type;size;` (RFC 3659 §7.9): fact names are case-insensitive, unknown
 * ones are ignored, and the result lists the selected supported facts (empty selects none).
 */
export function parseMlstFactsOption(arg: string): MlstFact[] {
  const requested = new Set(arg.split(';').map((name) => name.trim().toLowerCase()));
  return SUPPORTED_MLST_FACTS.filter((fact) => requested.has(fact));
}

/**
 * The fact list for the FEAT `MLST` line (RFC 3659 §7.8): every supported fact, with `*` after the ones
 * currently enabled, e.g. `type*;size*;modify*;perm;`.
 */
export function formatMlstFeature(enabled: readonly MlstFact[]): string {
  return SUPPORTED_MLST_FACTS.map((fact) => `${fact}${enabled.includes(fact) ? '*' : ''};`).join('');
}
