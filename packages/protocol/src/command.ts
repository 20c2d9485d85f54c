/**
 * Command-line parsing: `<verb> SP <argument>` (RFC 959 §4.1, §5.3.1).
 */

export interface ParsedCommand {
  /** Upper-cased command name, 1–8 ASCII letters. */
  verb: string;
  /** Everything after the first space, verbatim; '' when there is none. */
  arg: string;
}

export type ParseResult = { ok: true; command: ParsedCommand } | { ok: false; reason: 'invalid-utf8' | 'bad-verb' };

// RFC 2640 §2.2: pathnames are UTF-8; anything that is not valid UTF-8 is refused rather than mangled.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// RFC 959 §5.3.1: command codes are alphabetic (3 or 4 letters; extensions stay short).
const VERB = /^[A-Za-z]{1,8}$/;

export function parseCommand(line: Buffer): ParseResult {
  let text: string;
  try {
    text = utf8.decode(line);
  } catch {
    return { ok: false, reason: 'invalid-utf8' };
  }
  let start = 0;
  while (text.charCodeAt(start) === 0x20) start++;
  const space = text.indexOf(' ', start);
  const verb = space === -1 ? text.slice(start) : text.slice(start, space);
  if (!VERB.test(verb)) return { ok: false, reason: 'bad-verb' };
  // Filenames may begin or end with spaces, so the argument is not trimmed.
  const arg = space === -1 ? '' : text.slice(space + 1);
  return { ok: true, command: { verb: verb.toUpperCase(), arg } };
}
