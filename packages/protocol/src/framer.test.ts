import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineFramer, type FramedItem } from './framer.js';

const IAC = 0xff;
const IP = 0xf4;
const DM = 0xf2;

function render(items: FramedItem[]): string[] {
  return items.map((item) => (item.kind === 'line' ? item.line.toString('latin1') : `<${item.kind}>`));
}

function feed(framer: LineFramer, chunks: Buffer[]): string[] {
  return chunks.flatMap((chunk) => render(framer.push(chunk)));
}

function frame(input: Buffer | string, maxLineLength = 512): string[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  return render(new LineFramer({ maxLineLength }).push(bytes));
}

/** Feeds `input` split at every pair of positions and checks the result never changes. */
function expectSplitInvariant(input: Buffer, expected: string[], maxLineLength = 512): void {
  for (let a = 0; a <= input.length; a++) {
    for (let b = a; b <= input.length; b++) {
      const framer = new LineFramer({ maxLineLength });
      const got = feed(framer, [input.subarray(0, a), input.subarray(a, b), input.subarray(b)]);
      expect(got, `split at ${a},${b}`).toEqual(expected);
    }
  }
}

describe('LineFramer', () => {
  it('splits CRLF-terminated commands', () => {
    expect(frame('USER anonymous\r\nPASS x\r\n')).toEqual(['USER anonymous', 'PASS x']);
  });

  it('keeps an unfinished command until its terminator arrives', () => {
    const framer = new LineFramer({ maxLineLength: 512 });
    expect(framer.push(Buffer.from('RETR fi'))).toEqual([]);
    expect(framer.bufferedBytes).toBe(7);
    expect(render(framer.push(Buffer.from('le.txt\r\n')))).toEqual(['RETR file.txt']);
    expect(framer.bufferedBytes).toBe(0);
  });

  it('frames a command split at every byte position the same way', () => {
    const input = Buffer.from('RETR file.txt\r\nNOOP\r\n');
    const expected = ['RETR file.txt', 'NOOP'];
    for (let cut = 0; cut <= input.length; cut++) {
      const framer = new LineFramer({ maxLineLength: 512 });
      expect(feed(framer, [input.subarray(0, cut), input.subarray(cut)]), `cut at ${cut}`).toEqual(expected);
    }
    expectSplitInvariant(input, expected);
  });

  it('frames a byte-at-a-time stream', () => {
    const input = Buffer.from('CWD a\r\nPWD\nLIST\r\nABOR\r');
    const framer = new LineFramer({ maxLineLength: 512 });
    const got = [...input].flatMap((byte) => render(framer.push(Buffer.of(byte))));
    expect(got).toEqual(['CWD a', 'PWD', 'LIST', 'ABOR']);
  });

  it('ends a line at a bare LF', () => {
    expect(frame('NOOP\nPWD\n')).toEqual(['NOOP', 'PWD']);
  });

  it('ends ABOR at a bare CR (ABOR sent with MSG_OOB loses its LF)', () => {
    expect(frame('ABOR\rSTAT\r\n')).toEqual(['ABOR', 'STAT']);
    expect(frame('abor\rNOOP\r\n')).toEqual(['abor', 'NOOP']);
    expectSplitInvariant(Buffer.from('ABOR\rSTAT\r\n'), ['ABOR', 'STAT']);
  });

  it('emits ABOR at its CR at once, before any further byte arrives', () => {
    const framer = new LineFramer({ maxLineLength: 512 });
    expect(render(framer.push(Buffer.from('ABOR\r')))).toEqual(['ABOR']);
  });

  it('swallows the LF of a CRLF that arrives in the next chunk', () => {
    const framer = new LineFramer({ maxLineLength: 512 });
    expect(render(framer.push(Buffer.from('ABOR\r')))).toEqual(['ABOR']);
    expect(render(framer.push(Buffer.from('\nNOOP\r')))).toEqual([]);
    expect(render(framer.push(Buffer.from('\n')))).toEqual(['NOOP']);
  });

  it('holds any other line at its CR until the LF arrives', () => {
    const framer = new LineFramer({ maxLineLength: 512 });
    expect(render(framer.push(Buffer.from('SIZE a\r')))).toEqual([]);
    expect(render(framer.push(Buffer.from('\n')))).toEqual(['SIZE a']);
  });

  it('refuses a line with a CR inside instead of splitting it into two commands', () => {
    const input = Buffer.from('SIZE a\r../x\r\nNOOP\r\n');
    expect(frame(input)).toEqual(['<bare-cr>', 'NOOP']);
    expectSplitInvariant(input, ['<bare-cr>', 'NOOP']);
    expect(frame('SIZE a\rDELE b\rRMD c\nPWD\r\n')).toEqual(['<bare-cr>', 'PWD']);
    expect(frame('\rDELE b\r\n')).toEqual(['<bare-cr>']);
  });

  it('refuses Telnet CR NUL (a bare carriage return) inside a line too', () => {
    expect(frame('NOOP\r\0PWD\r\nNOOP\r\n')).toEqual(['<bare-cr>', 'NOOP']);
    expect(frame('NOOP\r\0\r\n')).toEqual(['<bare-cr>']);
  });

  it('does not let "ABOR" inside a longer line end it at a bare CR', () => {
    expect(frame('XABOR\rDELE b\r\n')).toEqual(['<bare-cr>']);
    expect(frame(' ABOR\rDELE b\r\n')).toEqual(['<bare-cr>']);
  });

  it('swallows a NUL after the bare CR of ABOR (RFC 854 CR NUL)', () => {
    expect(frame('ABOR\r\0NOOP\r\n')).toEqual(['ABOR', 'NOOP']);
  });

  it('keeps a NUL that does not follow a CR as data', () => {
    expect(frame('CWD a\0b\r\n')).toEqual(['CWD a\0b']);
  });

  it('emits empty lines as empty buffers', () => {
    const items = new LineFramer({ maxLineLength: 512 }).push(Buffer.from('\r\n\n\r\n\nNOOP\r\n'));
    expect(render(items)).toEqual(['', '', '', '', 'NOOP']);
    const first = items[0];
    expect(first?.kind === 'line' && first.line.length).toBe(0);
  });

  it('drops IAC IP IAC DM sent before ABOR (RFC 959 §4.1.3)', () => {
    const input = Buffer.concat([Buffer.of(IAC, IP, IAC, DM), Buffer.from('ABOR\r\n')]);
    expect(frame(input)).toEqual(['ABOR']);
    expectSplitInvariant(input, ['ABOR']);
  });

  it('drops the lone DM of tnftp\'s Synch: IAC IP inline, IAC urgent (taken out by the kernel), DM ABOR', () => {
    const input = Buffer.concat([Buffer.of(IAC, IP, DM), Buffer.from('ABOR\r\n')]);
    expect(frame(input)).toEqual(['ABOR']);
    expectSplitInvariant(input, ['ABOR']);
    // The urgent IAC may also arrive on its own, after IP went out in an earlier segment.
    const framer = new LineFramer({ maxLineLength: 512 });
    expect(feed(framer, [Buffer.of(IAC, IP), Buffer.of(DM), Buffer.from('ABOR\r\n')])).toEqual(['ABOR']);
  });

  it('keeps the data byte after an IAC whose DM was the urgent byte (IAC IP IAC ABOR)', () => {
    const input = Buffer.concat([Buffer.of(IAC, IP, IAC), Buffer.from('ABOR\r\n')]);
    expect(frame(input)).toEqual(['ABOR']);
    expectSplitInvariant(input, ['ABOR']);
    expect(frame(Buffer.concat([Buffer.from('NO'), Buffer.of(IAC), Buffer.from('OP\r\n')]))).toEqual(['NOOP']);
  });

  it('drops a lone DM at the start of a line during a transfer, with or without IP before it', () => {
    expect(frame(Buffer.concat([Buffer.from('NOOP\r\n'), Buffer.of(DM), Buffer.from('ABOR\r\n')]))).toEqual(['NOOP', 'ABOR']);
    expect(frame(Buffer.concat([Buffer.of(IAC, IP, DM, DM), Buffer.from('ABOR\r\n')]))).toEqual(['ABOR']);
  });

  it('keeps a 0xF2 byte inside a line as data', () => {
    expect(frame(Buffer.concat([Buffer.from('CWD '), Buffer.of(DM, 0x80, 0x80, 0x80), Buffer.from('\r\n')]))).toEqual([
      'CWD \xf2\x80\x80\x80',
    ]);
    expect(frame(Buffer.concat([Buffer.of(IAC, IAC, DM), Buffer.from('\r\n')]))).toEqual(['\xff\xf2']);
  });

  it('turns IAC IAC into one 0xFF data byte', () => {
    const input = Buffer.concat([Buffer.from('CWD a'), Buffer.of(IAC, IAC), Buffer.from('b\r\n')]);
    const items = new LineFramer({ maxLineLength: 512 }).push(input);
    expect(items).toEqual([{ kind: 'line', line: Buffer.from([...Buffer.from('CWD a'), 0xff, ...Buffer.from('b')]) }]);
    expectSplitInvariant(input, ['CWD a\xffb']);
  });

  it('turns IAC IAC IAC IAC into two 0xFF bytes', () => {
    const input = Buffer.concat([Buffer.of(IAC, IAC, IAC, IAC), Buffer.from('\r\n')]);
    expectSplitInvariant(input, ['\xff\xff']);
  });

  it('drops option negotiation (IAC WILL/WONT/DO/DONT <option>)', () => {
    const input = Buffer.concat([
      Buffer.from('NO'),
      Buffer.of(IAC, 0xfb, 0x01, IAC, 0xfc, 0x03, IAC, 0xfd, 0x18, IAC, 0xfe, 0xff),
      Buffer.from('OP\r\n'),
    ]);
    expectSplitInvariant(input, ['NOOP']);
  });

  it('drops a subnegotiation IAC SB … IAC SE, including CR/LF and IAC IAC inside it', () => {
    const input = Buffer.concat([
      Buffer.from('PW'),
      Buffer.of(IAC, 0xfa, 0x18, 0x00, 0x0d, 0x0a, IAC, IAC, 0x41, IAC, 0xf0),
      Buffer.from('D\r\n'),
    ]);
    expectSplitInvariant(input, ['PWD']);
  });

  it('drops other two-byte Telnet commands (NOP, AYT, AO, stray SE)', () => {
    const input = Buffer.concat([Buffer.of(IAC, 0xf1, IAC, 0xf6), Buffer.from('NO'), Buffer.of(IAC, 0xf5, IAC, 0xf0), Buffer.from('OP\r\n')]);
    expect(frame(input)).toEqual(['NOOP']);
  });

  it('reports an oversized line once, discards it and frames the next valid line', () => {
    const input = Buffer.from(`STOR ${'x'.repeat(40)}\r\nNOOP\r\n`);
    expect(frame(input, 16)).toEqual(['<too-long>', 'NOOP']);
    expectSplitInvariant(input, ['<too-long>', 'NOOP'], 16);
  });

  it('accepts a line of exactly maxLineLength bytes and rejects one byte more', () => {
    expect(frame('abcd\r\nabcde\r\nok\r\n', 4)).toEqual(['abcd', '<too-long>', 'ok']);
  });

  it('counts IAC IAC as one byte towards the limit', () => {
    const input = Buffer.concat([Buffer.from('abc'), Buffer.of(IAC, IAC), Buffer.from('\r\n')]);
    expect(frame(input, 4)).toEqual(['abc\xff']);
    expect(frame(Buffer.concat([Buffer.from('abcd'), Buffer.of(IAC, IAC), Buffer.from('\r\nok\r\n')]), 4)).toEqual([
      '<too-long>',
      'ok',
    ]);
  });

  it('keeps memory bounded for 1 MB of garbage without a terminator', () => {
    const maxLineLength = 1024;
    const framer = new LineFramer({ maxLineLength });
    const garbage = Buffer.alloc(64 * 1024, 'A');
    const items: FramedItem[] = [];
    let maxBuffered = 0;
    for (let sent = 0; sent < 1024 * 1024; sent += garbage.length) {
      items.push(...framer.push(garbage));
      maxBuffered = Math.max(maxBuffered, framer.bufferedBytes);
    }
    expect(items).toEqual([{ kind: 'too-long' }]);
    expect(maxBuffered).toBeLessThanOrEqual(maxLineLength);
    expect(render(framer.push(Buffer.from('\r\nNOOP\r\n')))).toEqual(['NOOP']);
  });

  it('keeps memory bounded when garbage arrives in small chunks', () => {
    const maxLineLength = 100;
    const framer = new LineFramer({ maxLineLength });
    const items: FramedItem[] = [];
    for (let i = 0; i < 1000; i++) {
      items.push(...framer.push(Buffer.alloc(7, 'B')));
      expect(framer.bufferedBytes).toBeLessThanOrEqual(maxLineLength);
    }
    expect(items).toEqual([{ kind: 'too-long' }]);
  });

  it('copies the unfinished remainder instead of keeping a view of the pushed chunk', () => {
    const chunk = Buffer.from('CWD a\r\nCWD b');
    const framer = new LineFramer({ maxLineLength: 512 });
    expect(render(framer.push(chunk))).toEqual(['CWD a']);
    chunk.fill(0x5a);
    expect(render(framer.push(Buffer.from('\r\n')))).toEqual(['CWD b']);
  });

  it('frames any input the same way however it is cut into chunks (property)', () => {
    // Bytes weighted towards the interesting ones: terminators, NUL and Telnet commands.
    const byte = fc.oneof(
      fc.constantFrom(0x0d, 0x0a, 0x00, IAC, IAC, 0xfb, 0xfa, 0xf0, IP, DM),
      fc.integer({ min: 0x41, max: 0x44 }),
    );
    const input = fc.array(byte, { maxLength: 60 }).map((bytes) => Buffer.from(bytes));
    const cuts = fc.array(fc.nat(), { maxLength: 6 });
    fc.assert(
      fc.property(input, cuts, fc.integer({ min: 1, max: 12 }), (bytes, rawCuts, maxLineLength) => {
        const whole = render(new LineFramer({ maxLineLength }).push(bytes));
        const positions = [...new Set(rawCuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let from = 0;
        for (const position of positions) {
          chunks.push(bytes.subarray(from, position));
          from = position;
        }
        chunks.push(bytes.subarray(from));
        const framer = new LineFramer({ maxLineLength });
        const pieces: string[] = [];
        for (const chunk of chunks) {
          pieces.push(...render(framer.push(chunk)));
          expect(framer.bufferedBytes).toBeLessThanOrEqual(maxLineLength);
        }
        expect(pieces).toEqual(whole);
        for (const line of whole) expect(line === '<too-long>' || line === '<bare-cr>' || line.length <= maxLineLength).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects a non-positive maxLineLength', () => {
    expect(() => new LineFramer({ maxLineLength: 0 })).toThrow(RangeError);
    expect(() => new LineFramer({ maxLineLength: 1.5 })).toThrow(RangeError);
  });
});
