/** write (create mode), read and delete. */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context.js';
import { bytes, chunksOf, deferred, dir, expectKind, expectMissing, file, listed, put, readText } from './helpers.js';

export function fileCases({ driver }: SuiteContext): void {
  describe('write', () => {
    it('creates a file, resolving with its size once it is readable', async () => {
      expect(await put(driver(), '/new.txt', 'hello world')).toMatchObject({ size: 11 });
      expect(await readText(driver(), '/new.txt')).toBe('hello world');
      expect(await driver().stat('/new.txt')).toMatchObject({ type: 'file', size: 11 });
    });

    it('commits an empty source as an empty file', async () => {
      expect(await driver().write('/empty', chunksOf())).toMatchObject({ size: 0 });
      expect(await driver().stat('/empty')).toMatchObject({ type: 'file', size: 0 });
      expect(await readText(driver(), '/empty')).toBe('');
    });

    it('replaces an existing file entirely', async () => {
      await put(driver(), '/f', 'a much longer original content');
      expect(await put(driver(), '/f', 'short')).toMatchObject({ size: 5 });
      expect(await readText(driver(), '/f')).toBe('short');
    });

    it('joins chunks of any size, empty ones included, in order', async () => {
      const big = 'x'.repeat(70_000);
      const result = await driver().write('/f', chunksOf('', 'a', 'bc', '', big, 'é日本', ''));
      expect(result).toMatchObject({ size: 3 + big.length + bytes('é日本').byteLength });
      expect(await readText(driver(), '/f')).toBe(`abc${big}é日本`);
    });

    it('throws not-found when the parent directory is missing, creating nothing', async () => {
      await expectKind(put(driver(), '/missing/f', 'x'), 'not-found');
      await expectMissing(driver(), '/missing');
      expect(await listed(driver(), '/')).toEqual([]);
    });

    it("throws is-a-directory onto a directory or '/', which stay directories", async () => {
      await driver().mkdir('/d');
      await expectKind(put(driver(), '/d', 'x'), 'is-a-directory');
      await expectKind(put(driver(), '/', 'x'), 'is-a-directory');
      expect(await driver().stat('/d')).toMatchObject({ type: 'dir' });
      expect(await listed(driver(), '/')).toEqual([dir('d')]);
    });

    it('keeps an upload invisible until it is committed', async () => {
      await put(driver(), '/old', 'the old content');
      const firstChunkTaken = deferred();
      const release = deferred();
      async function* slowSource(): AsyncGenerator<Uint8Array> {
        yield bytes('new ');
        firstChunkTaken.resolve();
        await release.promise;
        yield bytes('content');
      }
      const replacing = driver().write('/old', slowSource());
      const creating = driver().write('/fresh', chunksOf('fresh'));
      await firstChunkTaken.promise;
      expect(await readText(driver(), '/old')).toBe('the old content');
      await creating;
      expect(await listed(driver(), '/')).toEqual([file('fresh', 5), file('old', 15)]);
      release.resolve();
      expect(await replacing).toMatchObject({ size: 11 });
      expect(await readText(driver(), '/old')).toBe('new content');
      expect(await listed(driver(), '/')).toEqual([file('fresh', 5), file('old', 11)]);
    });

    it('keeps a new file invisible until it is committed', async () => {
      const firstChunkTaken = deferred();
      const release = deferred();
      async function* slowSource(): AsyncGenerator<Uint8Array> {
        yield bytes('part one, ');
        firstChunkTaken.resolve();
        await release.promise;
        yield bytes('part two');
      }
      const writing = driver().write('/new', slowSource());
      await firstChunkTaken.promise;
      await expectMissing(driver(), '/new');
      expect(await listed(driver(), '/')).toEqual([]);
      release.resolve();
      await writing;
      expect(await readText(driver(), '/new')).toBe('part one, part two');
    });
  });

  describe('read', () => {
    it('streams the whole file', async () => {
      await driver().write('/f', chunksOf('one ', 'two ', 'three'));
      expect(await readText(driver(), '/f')).toBe('one two three');
    });

    it('starts at an offset', async () => {
      await put(driver(), '/f', 'hello world');
      expect(await readText(driver(), '/f', { offset: 6 })).toBe('world');
      expect(await readText(driver(), '/f', { offset: 0 })).toBe('hello world');
    });

    it('yields nothing at or past the end', async () => {
      await put(driver(), '/f', 'hello');
      expect(await readText(driver(), '/f', { offset: 5 })).toBe('');
      expect(await readText(driver(), '/f', { offset: 50 })).toBe('');
    });

    it("throws is-a-directory for a directory and '/'", async () => {
      await driver().mkdir('/d');
      await expectKind(driver().read('/d'), 'is-a-directory');
      await expectKind(driver().read('/'), 'is-a-directory');
    });

    it('throws not-found for a missing file', async () => {
      await expectKind(driver().read('/missing'), 'not-found');
    });
  });

  describe('delete', () => {
    it('removes a file', async () => {
      await put(driver(), '/f', 'x');
      await put(driver(), '/g', 'y');
      await driver().delete('/f');
      await expectMissing(driver(), '/f');
      expect(await listed(driver(), '/')).toEqual([file('g', 1)]);
    });

    it('throws not-found for a missing file', async () => {
      await expectKind(driver().delete('/missing'), 'not-found');
    });

    it('throws is-a-directory for a directory, which stays', async () => {
      await driver().mkdir('/d');
      await expectKind(driver().delete('/d'), 'is-a-directory');
      await expectKind(driver().delete('/'), 'is-a-directory');
      expect(await driver().stat('/d')).toMatchObject({ type: 'dir' });
    });
  });
}
