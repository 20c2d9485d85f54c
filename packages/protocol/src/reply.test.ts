import { describe, expect, it } from 'vitest';
import { formatReply, quotePath, replyClosing, replyContinuation, replyOpening } from './reply.js';

describe('formatReply', () => {
  it('formats a single-line reply', () => {
    expect(formatReply(200, 'NOOP ok.')).toBe('200 NOOP ok.\r\n');
    expect(formatReply(220, ['Ready.'])).toBe('220 Ready.\r\n');
  });

  it('formats an empty text', () => {
    expect(formatReply(200, '')).toBe('200 \r\n');
    expect(formatReply(200, [])).toBe('200 \r\n');
  });

  it('formats a two-line reply', () => {
    expect(formatReply(211, ['Features:', 'End'])).toBe('211-Features:\r\n211 End\r\n');
  });

  it('prefixes every continuation line with one space (RFC 959 §4.2)', () => {
    expect(formatReply(211, ['Features:', 'MDTM', 'SIZE', 'End'])).toBe(
      '211-Features:\r\n MDTM\r\n SIZE\r\n211 End\r\n',
    );
  });

  it('keeps a continuation line that looks like a final line from ending the reply', () => {
    const reply = formatReply(214, ['Help:', '214 not the end', 'End']);
    expect(reply).toBe('214-Help:\r\n 214 not the end\r\n214 End\r\n');
    const lines = reply.split('\r\n').filter((line) => line !== '');
    expect(lines.filter((line) => /^\d{3} /.test(line))).toEqual(['214 End']);
  });

  it('replaces CR and LF in the text so a reply cannot be split or injected', () => {
    expect(formatReply(550, 'evil\r\n230 Logged in.')).toBe('550 evil 230 Logged in.\r\n');
    expect(formatReply(550, 'a\rb\nc')).toBe('550 a b c\r\n');
    const multi = formatReply(250, ['first\n200 x', 'mid\r\n', 'last\r']);
    expect(multi).toBe('250-first 200 x\r\n mid \r\n250 last \r\n');
    expect(multi.split('\r\n')).toHaveLength(4);
  });

  it('formats the hyphenated style: every line but the last is `code-text`', () => {
    expect(formatReply(221, ['Bye.', 'Traffic: 3 bytes.', 'Goodbye.'], 'hyphenated')).toBe('221-Bye.\r\n221-Traffic: 3 bytes.\r\n221 Goodbye.\r\n');
    expect(formatReply(221, ['a\r\nb', 'c'], 'hyphenated')).toBe('221-a b\r\n221 c\r\n');
    expect(formatReply(221, ['Goodbye.'], 'hyphenated')).toBe('221 Goodbye.\r\n');
  });

  it('formats the pieces of a reply written line by line like the whole reply', () => {
    const pieces = replyOpening(213, 'Status:') + replyContinuation('a\nb') + replyClosing(213, 'End.');
    expect(pieces).toBe(formatReply(213, ['Status:', 'a\nb', 'End.']));
    expect(() => replyOpening(42, 'x')).toThrow(RangeError);
  });

  it('refuses codes that are not three-digit reply codes', () => {
    expect(() => formatReply(99, 'x')).toThrow(RangeError);
    expect(() => formatReply(600, 'x')).toThrow(RangeError);
    expect(() => formatReply(200.5, 'x')).toThrow(RangeError);
  });
});

describe('quotePath', () => {
  it('wraps a path in quotes', () => {
    expect(quotePath('/home/dir')).toBe('"/home/dir"');
  });

  it('doubles embedded quotes (RFC 959 Appendix II)', () => {
    expect(quotePath('/say "hi"')).toBe('"/say ""hi"""');
    expect(quotePath('"')).toBe('""""');
  });

  it('works inside a 257 reply', () => {
    expect(formatReply(257, `${quotePath('/a"b')} is the current directory.`)).toBe(
      '257 "/a""b" is the current directory.\r\n',
    );
  });
});
