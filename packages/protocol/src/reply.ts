/**
 * Reply formatting (RFC 959 §4.2).
 */

// A CR or LF inside reply text would end the reply early and let a filename inject a fake reply.
const LINE_BREAK = /\r\n|[\r\n]/g;

function sanitize(text: string): string {
  return text.replace(LINE_BREAK, ' ');
}

/**
 * How the lines of a multi-line reply look (RFC 959 §4.2). `indented`: `code-first`, continuation
 * lines each starting with one space (so none can start with the code), and `code last`.
 * `hyphenated`: every line but the last `code-text` (the classic style of e.g. a 221 farewell).
 */
export type ReplyStyle = 'indented' | 'hyphenated';

/** Formats a reply. An array of more than one line becomes a multi-line reply in `style`. */
export function formatReply(code: number, text: string | readonly string[], style: ReplyStyle = 'indented'): string {
  const lines = typeof text === 'string' ? [text] : text;
  if (lines.length <= 1) return replyClosing(code, lines[0] ?? '');
  let reply = replyOpening(code, lines[0] ?? '');
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i] ?? '';
    reply += style === 'hyphenated' ? replyOpening(code, line) : replyContinuation(line);
  }
  return reply + replyClosing(code, lines[lines.length - 1] ?? '');
}

/** The first line of a multi-line reply, `code-text` (for a reply written piece by piece). */
export function replyOpening(code: number, text: string): string {
  return `${checkedCode(code)}-${sanitize(text)}\r\n`;
}

/** A continuation line: RFC 959 §4.2 forbids it to begin with the code, so it starts with a space. */
export function replyContinuation(text: string): string {
  return ` ${sanitize(text)}\r\n`;
}

/** A single-line reply, or the last line of a multi-line one: `code text`. */
export function replyClosing(code: number, text: string): string {
  return `${checkedCode(code)} ${sanitize(text)}\r\n`;
}

function checkedCode(code: number): number {
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    throw new RangeError(`reply code must be a three-digit number 100–599, got ${code}`);
  }
  return code;
}

/** Quotes a pathname for a 257 reply: embedded quotes are doubled (RFC 959 Appendix II). */
export function quotePath(path: string): string {
  return `"${path.replaceAll('"', '""')}"`;
}
