import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { crlfToLf, lfToCrlf } from './ascii.js';

async function run(transform: Transform, chunks: Buffer[]): Promise<{ text: string; outputs: Buffer[] }> {
  const outputs: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback): void {
      outputs.push(chunk);
      callback();
    },
  });
  await pipeline(Readable.from(chunks, { objectMode: false }), transform, sink);
  return { text: Buffer.concat(outputs).toString('latin1'), outputs };
}

/** Every way to cut `text` into two or three chunks, empty chunks included. */
function* splits(text: string): Generator<Buffer[]> {
  const bytes = Buffer.from(text, 'latin1');
  for (let a = 0; a <= bytes.length; a++) {
    for (let b = a; b <= bytes.length; b++) {
      yield [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)];
    }
  }
}

describe('lfToCrlf', () => {
  it('turns bare LF into CRLF', async () => {
    expect((await run(lfToCrlf(), [Buffer.from('a\nb\n')])).text).toBe('a\r\nb\r\n');
  });

  it('leaves an existing CRLF alone (no CR CR LF)', async () => {
    expect((await run(lfToCrlf(), [Buffer.from('a\r\nb\n\r\n')])).text).toBe('a\r\nb\r\n\r\n');
  });

  it('keeps lone CRs and text without line breaks unchanged', async () => {
    expect((await run(lfToCrlf(), [Buffer.from('a\rb')])).text).toBe('a\rb');
  });

  it('handles leading and consecutive LFs', async () => {
    expect((await run(lfToCrlf(), [Buffer.from('\n\n\nx')])).text).toBe('\r\n\r\n\r\nx');
  });

  it('does not double a CR that ends one chunk when the next starts with LF', async () => {
    expect((await run(lfToCrlf(), [Buffer.from('a\r'), Buffer.from('\nb')])).text).toBe('a\r\nb');
    expect((await run(lfToCrlf(), [Buffer.from('a\r'), Buffer.alloc(0), Buffer.from('\nb')])).text).toBe('a\r\nb');
  });

  it('gives the same output for every split of a sample text', async () => {
    const sample = 'line one\nline two\r\n\nlone\rcr\r\r\n\n\rend\n';
    const expected = 'line one\r\nline two\r\n\r\nlone\rcr\r\r\n\r\n\rend\r\n';
    for (const chunks of splits(sample)) {
      const cuts = chunks.map((chunk) => chunk.length).join(',');
      expect((await run(lfToCrlf(), chunks)).text, cuts).toBe(expected);
    }
  });

  it('passes a chunk without bare LFs through without copying', async () => {
    const chunk = Buffer.from('no line breaks here\r\n');
    const { outputs } = await run(lfToCrlf(), [chunk]);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toBe(chunk);
  });

  it('produces one output buffer per input chunk', async () => {
    const { outputs } = await run(lfToCrlf(), [Buffer.from('a\nb\nc\n'), Buffer.from('d\ne')]);
    expect(outputs.map((output) => output.toString('latin1'))).toEqual(['a\r\nb\r\nc\r\n', 'd\r\ne']);
  });
});

describe('crlfToLf', () => {
  it('turns CRLF into LF', async () => {
    expect((await run(crlfToLf(), [Buffer.from('a\r\nb\r\n')])).text).toBe('a\nb\n');
  });

  it('keeps a lone CR and a bare LF', async () => {
    expect((await run(crlfToLf(), [Buffer.from('a\rb\nc\r\r\n')])).text).toBe('a\rb\nc\r\n');
  });

  it('holds a CR at the end of a chunk until the next one', async () => {
    expect((await run(crlfToLf(), [Buffer.from('a\r'), Buffer.from('\nb')])).text).toBe('a\nb');
    expect((await run(crlfToLf(), [Buffer.from('a\r'), Buffer.from('b')])).text).toBe('a\rb');
    expect((await run(crlfToLf(), [Buffer.from('a\r'), Buffer.from('\r'), Buffer.from('\n')])).text).toBe('a\r\n');
  });

  it('flushes a held CR at the end of the stream', async () => {
    expect((await run(crlfToLf(), [Buffer.from('a\r')])).text).toBe('a\r');
    expect((await run(crlfToLf(), [Buffer.from('\r')])).text).toBe('\r');
  });

  it('gives the same output for every split of a sample text', async () => {
    const sample = '\r\nline one\r\nline two\n\r\r\nlone\rcr\r\r\n\r\rend\r';
    const expected = '\nline one\nline two\n\r\nlone\rcr\r\n\r\rend\r';
    for (const chunks of splits(sample)) {
      const cuts = chunks.map((chunk) => chunk.length).join(',');
      expect((await run(crlfToLf(), chunks)).text, cuts).toBe(expected);
    }
  });

  it('passes a chunk without CR through without copying', async () => {
    const chunk = Buffer.from('plain\ntext\n');
    const { outputs } = await run(crlfToLf(), [chunk]);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toBe(chunk);
  });

  it('round-trips with lfToCrlf for LF-only text', async () => {
    const original = 'first\nsecond\n\nthird';
    const wire = (await run(lfToCrlf(), [Buffer.from(original)])).text;
    expect(wire).toBe('first\r\nsecond\r\n\r\nthird');
    expect((await run(crlfToLf(), [Buffer.from(wire, 'latin1')])).text).toBe(original);
  });
});
