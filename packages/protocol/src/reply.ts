/**
 * Reply formatting (RFC 959 §4.2).
 */

// A CR or LF inside reply text would end the reply early and let a filename inject a fake reply.
const LINE_BREAK = /\r\n|[\r\n]/g;

function sanitize(text: string): string {
  return text.replace(LINE_BREAK, ' ');
}

/**
 * Formats a reply. An array of more than one line becomes a multi-line reply (RFC 959 §4.2):
 * `code-first`, continuation lines each starting with one space (so none can start with the code), and
 * `code last`.
 */
export function formatReply(code: number, text: string | readonly string[]): string {
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    throw new RangeError(`reply code must be a three-digit number 100–599, got ${code}`);
  }
  const lines = typeof text === 'string' ? [text] : text;
  if (lines.length <= 1) return `${code} ${sanitize(lines[0] ?? '')}\r\n`;
  let reply = `${code}-${sanitize(lines[0] ?? '')}\r\n`;
  for (let i = 1; i < lines.length - 1; i++) {
    // RFC 959 §4.2: a continuation line must not begin with the code; pad with a space.
    reply += ` ${sanitize(lines[i] ?? '')}\r\n`;
  }
  reply += `${code} ${sanitize(lines[lines.length - 1] ?? '')}\r\n`;
  return reply;
}

/** Quotes a pathname for a 257 reply: embedded quotes are doubled (RFC 959 Appendix II). */
export function quotePath(path: string): string {
  return `"${path.replaceAll('"', '""')}"`;
}
