/**
 * Hostile input through the whole no-socket pipeline: bytes → framer → parser → path resolution,
 * and any text → reply formatting. Properties over thousands of generated cases: nothing throws,
 * nothing escapes the root, every reply is well formed (RFC 959 §4.2).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from './command.js';
import { LineFramer } from './framer.js';
import { isAcceptablePathInput, resolvePath } from './paths.js';
import { formatReply } from './reply.js';

const IAC = 0xff;

/** Pieces an attacker would put into a command line. */
const hostilePiece = fc.oneof(
  fc.constantFrom('USER ', 'PASS ', 'CWD ', 'RETR ', 'STOR ', 'MKD ', 'RNFR ', 'RNTO ', 'PORT ', 'EPRT ', 'SITE ', 'PROXY ', 'AUTH TLS'),
  fc.constantFrom('..', '../', '/..', '../../../../etc/passwd', '\\..\\..', '~root', '%2e%2e%2f', '.', '//', '/'),
  fc.constantFrom('\u0000', '\r', '\n', '\r\n', '\r\u0000', ' ', '\t', '"', '日本', '\uFEFF', '\uD800'),
  fc.string({ maxLength: 12 }),
).map((text) => Buffer.from(text, 'utf8'));
const rawBytes = fc.uint8Array({ maxLength: 16 }).map((bytes) => Buffer.from(bytes));
const telnet = fc.constantFrom([IAC, 0xf4], [IAC, 0xf2], [IAC, IAC], [IAC, 0xfb, 0x01], [IAC, 0xfa], [IAC, 0xf0], [0xc0, 0xaf], [0xed, 0xa0, 0x80]).map((bytes) => Buffer.from(bytes));
const hostileStream = fc.array(fc.oneof(hostilePiece, hostilePiece, rawBytes, telnet), { maxLength: 40 }).map((parts) => Buffer.concat(parts));

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

describe('hostile command input (property)', () => {
  it('frames and parses anything without throwing; lines stay bounded and parsed commands stay sane', () => {
    fc.assert(
      fc.property(hostileStream, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 8, max: 300 }), (bytes, cuts, maxLineLength) => {
        const framer = new LineFramer({ maxLineLength });
        for (const chunk of splitAt(bytes, cuts)) {
          for (const item of framer.push(chunk)) {
            if (item.kind !== 'line') continue;
            expect(item.line.length).toBeLessThanOrEqual(maxLineLength);
            expect(item.line.includes(0x0d) || item.line.includes(0x0a)).toBe(false);
            const parsed = parseCommand(item.line);
            if (!parsed.ok) continue;
            expect(parsed.command.verb).toMatch(/^[A-Z]{1,8}$/);
            expect(/[\r\n]/.test(parsed.command.arg)).toBe(false);
          }
          expect(framer.bufferedBytes).toBeLessThanOrEqual(maxLineLength);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('frames exactly the lines a CRLF splitter sees; a line with a bare CR inside is refused, never split (property)', () => {
    const text = fc.array(fc.constantFrom('S', 'x', ' ', '\r', '\n', '\r\n', '\u0000'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (input, cuts) => {
        // The reference: split at LF (a CR right before it belongs to it). The unfinished tail is no line
        // yet, but a CR inside it is already known to be bare.
        const pieces = input.split('\n');
        const tail = pieces.pop() ?? '';
        const expected = pieces.map((piece) => piece.replace(/\r$/, '')).map((piece) => (piece.includes('\r') ? '<bare-cr>' : piece));
        if (tail.slice(0, -1).includes('\r')) expected.push('<bare-cr>');
        const framer = new LineFramer({ maxLineLength: 512 });
        const got = splitAt(Buffer.from(input, 'latin1'), cuts)
          .flatMap((chunk) => framer.push(chunk))
          .map((item) => (item.kind === 'line' ? item.line.toString('latin1') : `<${item.kind}>`));
        expect(got).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('never resolves an accepted path argument outside the root', () => {
    const cwd = fc.array(fc.constantFrom('a', 'b c', '日本', '..', '.', ''), { maxLength: 5 }).map((parts) => resolvePath('/', parts.join('/')));
    fc.assert(
      fc.property(cwd, hostileStream, (dir, bytes) => {
        const parsed = parseCommand(bytes);
        if (!parsed.ok || !isAcceptablePathInput(parsed.command.arg)) return;
        const resolved = resolvePath(dir, parsed.command.arg);
        expect(resolved.startsWith('/')).toBe(true);
        expect(resolved.split('/')).not.toContain('..');
        expect(resolved.includes('\u0000')).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('formats any reply text, file names included, as one well-formed reply (RFC 959 §4.2)', () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('226 Transfer complete.', '\r\n230 Logged in', 'a\rb\nc', ''));
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.array(text, { minLength: 1, maxLength: 6 }), (code, lines) => {
        const reply = formatReply(code, lines);
        expect(reply.endsWith('\r\n')).toBe(true);
        const parts = reply.slice(0, -2).split('\r\n');
        const last = parts.length - 1;
        parts.forEach((line, i) => {
          expect(/[\r\n]/.test(line)).toBe(false);
          if (i === last) expect(line.startsWith(`${code} `)).toBe(true);
          else if (i === 0) expect(line.startsWith(`${code}-`)).toBe(true);
          else expect(line.startsWith(' ')).toBe(true); // cannot be mistaken for the final line
        });
      }),
      { numRuns: 3000 },
    );
  });
});
