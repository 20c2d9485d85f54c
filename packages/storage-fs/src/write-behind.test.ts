import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteBehind, remainderAfter } from './write-behind.js';

describe('WriteBehind on a real file', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bucketftp-write-behind-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes every chunk in order, whether the writer waits or not', async () => {
    const path = join(folder, 'file');
    const handle = await open(path, 'w');
    const writer = new WriteBehind(handle, 100_000);
    const chunks = Array.from({ length: 300 }, (_, index) => randomBytes(1 + ((index * 7919) % 65_536)));
    for (const [index, chunk] of chunks.entries()) {
      const accepted = writer.accept(chunk);
      // Half the time the next chunk comes before the last one was accepted: the order still holds.
      if (index % 2 === 0) await accepted;
      else void accepted;
    }
    await writer.flush();
    await handle.close();
    expect((await readFile(path)).equals(Buffer.concat(chunks))).toBe(true);
  });

  /** Whether `accepted` settles before the event loop's next turn (a 32 MiB write takes longer). */
  async function settlesAtOnce(accepted: Promise<void>): Promise<boolean> {
    const turn = new Promise<false>((resolve) => setImmediate(() => resolve(false)));
    return Promise.race([accepted.then(() => true), turn]);
  }

  it('holds the producer back only while more than its limit waits behind the write in flight', async () => {
    for (const [limit, waits] of [
      [1024, true],
      [1024 * 1024, false],
    ] as const) {
      const handle = await open(join(folder, `file-${limit}`), 'w');
      const writer = new WriteBehind(handle, limit);
      // The first chunk goes straight into a write; the second gathers behind it.
      void writer.accept(Buffer.alloc(32 * 1024 * 1024));
      const second = writer.accept(Buffer.alloc(4096));
      expect(await settlesAtOnce(second)).toBe(!waits);
      await second;
      await writer.flush();
      expect((await handle.stat()).size).toBe(32 * 1024 * 1024 + 4096);
      await handle.close();
    }
  });

  it('rejects the next accept and the flush once a write failed', async () => {
    const path = join(folder, 'file');
    await open(path, 'w').then((created) => created.close());
    const readOnly = await open(path, 'r');
    const writer = new WriteBehind(readOnly);
    await writer.accept(Buffer.from('abc'));
    await expect(writer.flush()).rejects.toMatchObject({ code: 'EBADF' });
    await expect(writer.accept(Buffer.from('def'))).rejects.toMatchObject({ code: 'EBADF' });
    await readOnly.close();
  });
});

describe('remainderAfter', () => {
  const parts = [Buffer.from('abc'), Buffer.from('de'), Buffer.from('fgh')];
  const text = (buffers: Uint8Array[]) => Buffer.concat(buffers).toString();

  it('keeps what a short write left, splitting a buffer where the write stopped', () => {
    expect(text(remainderAfter(parts, 0))).toBe('abcdefgh');
    expect(text(remainderAfter(parts, 4))).toBe('efgh');
    expect(text(remainderAfter(parts, 5))).toBe('fgh');
    expect(remainderAfter(parts, 8)).toEqual([]);
  });
});
