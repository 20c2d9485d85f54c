import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { writeLines } from './write-lines.js';

function recorder(): { sink: Writable; writes: string[] } {
  const writes: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      callback();
    },
  });
  return { sink, writes };
}

describe('writeLines', () => {
  it('batches lines that arrive one per event-loop turn into a few writes, keeping every byte in order', async () => {
    const { sink, writes } = recorder();
    async function* slowLines() {
      for (let i = 0; i < 5000; i++) {
        if (i % 50 === 0) await nextTurn(); // a backend that answers in pieces (an lstat, a page)
        yield `line ${i}\r\n`;
      }
    }
    await writeLines(sink, slowLines(), new AbortController().signal);
    const expected = Array.from({ length: 5000 }, (_, i) => `line ${i}\r\n`).join('');
    expect(writes.join('')).toBe(expected);
    expect(writes.length).toBeLessThan(100);
  });

  it('sends a partial batch while the source is still waiting', async () => {
    const { sink, writes } = recorder();
    let release: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (release = resolve));
    async function* firstThenWait() {
      yield 'first\r\n';
      await waiting;
      yield 'second\r\n';
    }
    const done = writeLines(sink, firstThenWait(), new AbortController().signal);
    while (writes.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(writes).toEqual(['first\r\n']);
    release();
    await done;
    expect(writes.join('')).toBe('first\r\nsecond\r\n');
  });

  it('stops with the abort reason when aborted', async () => {
    const { sink } = recorder();
    const controller = new AbortController();
    async function* endless() {
      for (;;) {
        yield 'x\r\n';
        await nextTurn();
      }
    }
    const done = writeLines(sink, endless(), controller.signal);
    controller.abort(new Error('ABOR'));
    await expect(done).rejects.toThrow('ABOR');
  });
});
