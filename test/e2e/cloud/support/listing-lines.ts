/** Names out of listing lines, and the check that each expected name appears exactly once. */

/** The name in a LIST line (`-rw-r--r-- 1 owner group size Mon dd hh:mm name`, names without spaces). */
export function nameOfListLine(line: string): string {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 9) throw new Error(`not a LIST line: ${JSON.stringify(line)}`);
  return fields.slice(8).join(' ');
}

/** The name in an MLSD line (`fact=value;fact=value; name`, RFC 3659 §7.2). */
export function nameOfMlsdLine(line: string): string {
  const space = line.indexOf(' ');
  if (space < 0) throw new Error(`not an MLSD line: ${JSON.stringify(line)}`);
  return line.slice(space + 1);
}

export interface NameCount {
  readonly missing: string[];
  readonly duplicated: string[];
  readonly unexpected: string[];
}

/** Compares listed names with the expected ones; all three lists are empty when each appears once. */
export function countNames(listed: readonly string[], expected: readonly string[]): NameCount {
  const seen = new Map<string, number>();
  for (const name of listed) seen.set(name, (seen.get(name) ?? 0) + 1);
  const wanted = new Set(expected);
  return {
    missing: expected.filter((name) => !seen.has(name)).slice(0, 10),
    duplicated: [...seen].filter(([, count]) => count > 1).map(([name]) => name).slice(0, 10),
    unexpected: [...seen.keys()].filter((name) => !wanted.has(name)).slice(0, 10),
  };
}

export const EACH_ONCE: NameCount = { missing: [], duplicated: [], unexpected: [] };
