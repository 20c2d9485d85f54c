/** stat, mkdir, rmdir and list: the directory tree every driver must present. */
import { describe, expect, it } from 'vitest';
import type { SuiteContext } from './context.js';
import { abortingAfter, chunksOf, dir, expectKind, expectMissing, failingAfter, file, listed, put } from './helpers.js';

export function namespaceCases({ driver }: SuiteContext): void {
  describe('stat', () => {
    it("reports '/' as a directory named '/' of size 0", async () => {
      expect(await driver().stat('/')).toMatchObject({ name: '/', type: 'dir', size: 0 });
    });

    it('reports a file with its base name, size and mtime', async () => {
      await driver().mkdir('/d');
      await put(driver(), '/d/b.txt', 'hello');
      const entry = await driver().stat('/d/b.txt');
      expect(entry).toMatchObject({ name: 'b.txt', type: 'file', size: 5 });
      expect(entry.mtime).toBeInstanceOf(Date);
    });

    it('reports a directory with its base name and size 0', async () => {
      await driver().mkdir('/d');
      await driver().mkdir('/d/sub');
      expect(await driver().stat('/d/sub')).toMatchObject({ name: 'sub', type: 'dir', size: 0 });
    });

    it('throws not-found for a missing path, below a missing directory and below a file', async () => {
      await put(driver(), '/a.txt', 'a');
      await expectMissing(driver(), '/missing');
      await expectMissing(driver(), '/missing/deeper');
      await expectMissing(driver(), '/a.txt/x');
    });
  });

  describe('mkdir', () => {
    it('creates a directory that stat and the parent listing show', async () => {
      await driver().mkdir('/d');
      expect(await driver().stat('/d')).toMatchObject({ name: 'd', type: 'dir' });
      expect(await listed(driver(), '/')).toEqual([dir('d')]);
    });

    it('creates nested directories one level at a time', async () => {
      await driver().mkdir('/a');
      await driver().mkdir('/a/b');
      expect(await listed(driver(), '/a')).toEqual([dir('b')]);
      expect(await driver().stat('/a/b')).toMatchObject({ type: 'dir' });
    });

    it('throws not-found when the parent is missing, creating nothing', async () => {
      await expectKind(driver().mkdir('/a/b'), 'not-found');
      await expectMissing(driver(), '/a');
      expect(await listed(driver(), '/')).toEqual([]);
    });

    it("throws exists for an existing directory, an existing file and '/'", async () => {
      await driver().mkdir('/d');
      await put(driver(), '/f', 'file');
      await expectKind(driver().mkdir('/d'), 'exists');
      await expectKind(driver().mkdir('/f'), 'exists');
      await expectKind(driver().mkdir('/'), 'exists');
      expect(await listed(driver(), '/')).toEqual([dir('d'), file('f', 4)]);
    });
  });

  describe('rmdir', () => {
    it('removes an empty directory', async () => {
      await driver().mkdir('/d');
      await driver().mkdir('/d/empty');
      await driver().rmdir('/d/empty');
      await expectMissing(driver(), '/d/empty');
      expect(await listed(driver(), '/d')).toEqual([]);
    });

    it('throws not-empty for a directory holding a file or a directory, leaving it intact', async () => {
      await driver().mkdir('/with-file');
      await put(driver(), '/with-file/f', 'x');
      await driver().mkdir('/with-dir');
      await driver().mkdir('/with-dir/sub');
      await expectKind(driver().rmdir('/with-file'), 'not-empty');
      await expectKind(driver().rmdir('/with-dir'), 'not-empty');
      expect(await listed(driver(), '/with-file')).toEqual([file('f', 1)]);
      expect(await listed(driver(), '/with-dir')).toEqual([dir('sub')]);
    });

    it('throws not-found for a missing directory', async () => {
      await expectKind(driver().rmdir('/missing'), 'not-found');
    });

    it('throws not-a-directory for a file, leaving it intact', async () => {
      await put(driver(), '/f', 'keep me');
      await expectKind(driver().rmdir('/f'), 'not-a-directory');
      expect(await driver().stat('/f')).toMatchObject({ type: 'file', size: 7 });
    });

    it("throws permission for '/'", async () => {
      await expectKind(driver().rmdir('/'), 'permission');
      expect(await driver().stat('/')).toMatchObject({ type: 'dir' });
    });
  });

  describe('list', () => {
    it('lists a new store as empty', async () => {
      expect(await listed(driver(), '/')).toEqual([]);
    });

    it('lists the files and directories of the root with their types and sizes', async () => {
      await put(driver(), '/b.txt', 'bbb');
      await put(driver(), '/a.txt', '');
      await driver().mkdir('/c');
      await driver().mkdir('/d');
      await put(driver(), '/d/inner.txt', 'inner');
      expect(await listed(driver(), '/')).toEqual([file('a.txt', 0), file('b.txt', 3), dir('c'), dir('d')]);
    });

    it('lists only the direct children of a nested directory', async () => {
      await driver().mkdir('/a');
      await driver().mkdir('/a/b');
      await driver().mkdir('/a/b/c');
      await put(driver(), '/a/b/one', '1');
      await put(driver(), '/a/b/c/deep', 'deep');
      await put(driver(), '/a/top', 'top');
      expect(await listed(driver(), '/a/b')).toEqual([dir('c'), file('one', 1)]);
    });

    it('lists a new empty directory as empty', async () => {
      await driver().mkdir('/empty');
      expect(await listed(driver(), '/empty')).toEqual([]);
    });

    it('gives every file its mtime', async () => {
      await put(driver(), '/one', '1');
      await put(driver(), '/two', '22');
      for await (const entry of driver().list('/')) expect(entry.mtime).toBeInstanceOf(Date);
    });

    it('throws not-a-directory for a file and not-found for a missing path', async () => {
      await put(driver(), '/f', 'x');
      await expectKind(listed(driver(), '/f'), 'not-a-directory');
      await expectKind(listed(driver(), '/missing'), 'not-found');
    });

    it('may be abandoned part-way', async () => {
      for (const name of ['a', 'b', 'c']) await put(driver(), `/${name}`, name);
      for await (const entry of driver().list('/')) {
        expect(entry.type).toBe('file');
        break;
      }
      await put(driver(), '/d', 'd');
      expect(await listed(driver(), '/')).toEqual([file('a', 1), file('b', 1), file('c', 1), file('d', 1)]);
    });

    it('never shows internal objects, whatever uploads succeeded or failed', async () => {
      const { append, resume } = driver().capabilities;
      await driver().mkdir('/d');
      await driver().mkdir('/d/sub');
      await put(driver(), '/d/kept', 'kept');
      await put(driver(), '/d/grown', 'grown');
      await expect(driver().write('/d/failed', failingAfter(['lost'], new Error('broken')))).rejects.toThrow();
      await expect(driver().write('/d/kept', failingAfter(['lost'], new Error('broken')))).rejects.toThrow();
      const controller = new AbortController();
      await expectKind(
        driver().write('/d/aborted', abortingAfter(['lost'], controller), { signal: controller.signal }),
        'aborted',
      );
      await expect(
        driver().write('/d/partial', failingAfter(['part'], new Error('broken')), { partial: 'keep' }),
      ).rejects.toThrow();
      if (append) await driver().write('/d/grown', chunksOf('+more'), { mode: { kind: 'append' } });
      if (resume) await driver().write('/d/kept', chunksOf('PT'), { mode: { kind: 'resume', offset: 2 } });
      expect(await listed(driver(), '/d')).toEqual([
        file('grown', append ? 10 : 5),
        file('kept', 4),
        file('partial', 4),
        dir('sub'),
      ]);
      expect(await listed(driver(), '/d/sub')).toEqual([]);
      expect(await listed(driver(), '/')).toEqual([dir('d')]);
    });
  });
}
