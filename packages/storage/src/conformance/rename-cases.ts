/** rename of files (replacing a file at the target) and of directories with everything below them. */
import { describe, expect, it } from 'vitest';
import type { StorageDriver } from '../types.js';
import type { SuiteContext } from './context.js';
import { dir, expectKind, expectMissing, file, listed, put, readText } from './helpers.js';

/** /d/a.txt, /d/sub/b.txt and the empty /d/sub/empty. */
async function populate(driver: StorageDriver): Promise<void> {
  await driver.mkdir('/d');
  await put(driver, '/d/a.txt', 'alpha');
  await driver.mkdir('/d/sub');
  await put(driver, '/d/sub/b.txt', 'beta');
  await driver.mkdir('/d/sub/empty');
}

async function expectPopulated(driver: StorageDriver, at: string): Promise<void> {
  expect(await listed(driver, at)).toEqual([file('a.txt', 5), dir('sub')]);
  expect(await listed(driver, `${at}/sub`)).toEqual([file('b.txt', 4), dir('empty')]);
  expect(await listed(driver, `${at}/sub/empty`)).toEqual([]);
  expect(await readText(driver, `${at}/a.txt`)).toBe('alpha');
  expect(await readText(driver, `${at}/sub/b.txt`)).toBe('beta');
}

export function renameCases({ driver }: SuiteContext): void {
  describe('rename of a file', () => {
    it('moves it, keeping its content', async () => {
      await put(driver(), '/from', 'content');
      await driver().rename('/from', '/to');
      await expectMissing(driver(), '/from');
      expect(await readText(driver(), '/to')).toBe('content');
      expect(await listed(driver(), '/')).toEqual([file('to', 7)]);
    });

    it('replaces a file at the target', async () => {
      await put(driver(), '/from', 'new');
      await put(driver(), '/to', 'old and longer');
      await driver().rename('/from', '/to');
      await expectMissing(driver(), '/from');
      expect(await readText(driver(), '/to')).toBe('new');
    });

    it('moves it into another directory', async () => {
      await driver().mkdir('/a');
      await driver().mkdir('/b');
      await put(driver(), '/a/f', 'moving');
      await driver().rename('/a/f', '/b/g');
      expect(await listed(driver(), '/a')).toEqual([]);
      expect(await listed(driver(), '/b')).toEqual([file('g', 6)]);
    });

    it('throws is-a-directory when a directory is at the target, changing nothing', async () => {
      await put(driver(), '/f', 'file');
      await driver().mkdir('/d');
      await expectKind(driver().rename('/f', '/d'), 'is-a-directory');
      expect(await listed(driver(), '/')).toEqual([dir('d'), file('f', 4)]);
    });

    it("throws not-found when the target's parent is missing, keeping the source", async () => {
      await put(driver(), '/f', 'file');
      await expectKind(driver().rename('/f', '/missing/f'), 'not-found');
      expect(await readText(driver(), '/f')).toBe('file');
      expect(await listed(driver(), '/')).toEqual([file('f', 4)]);
    });

    it('throws not-found for a missing source', async () => {
      await expectKind(driver().rename('/missing', '/to'), 'not-found');
      await expectMissing(driver(), '/to');
    });
  });

  describe('rename of a directory', () => {
    it('moves it with everything below it', async () => {
      await populate(driver());
      await driver().mkdir('/other');
      const renaming = driver().rename('/d', '/other/moved');
      if (!driver().capabilities.renameDirectories) {
        await expectKind(renaming, 'unsupported');
        await expectPopulated(driver(), '/d');
        return;
      }
      await renaming;
      await expectMissing(driver(), '/d');
      await expectPopulated(driver(), '/other/moved');
      expect(await listed(driver(), '/')).toEqual([dir('other')]);
    });

    it('throws invalid-argument when the target is inside the directory', async () => {
      await populate(driver());
      const expected = driver().capabilities.renameDirectories ? 'invalid-argument' : 'unsupported';
      await expectKind(driver().rename('/d', '/d/sub/inside'), expected);
      await expectKind(driver().rename('/d', '/d/inside'), expected);
      await expectPopulated(driver(), '/d');
    });

    it('throws exists when a directory or a file is at the target, changing nothing', async () => {
      await populate(driver());
      await driver().mkdir('/empty-target');
      await put(driver(), '/file-target', 'x');
      const expected = driver().capabilities.renameDirectories ? 'exists' : 'unsupported';
      await expectKind(driver().rename('/d', '/empty-target'), expected);
      await expectKind(driver().rename('/d', '/file-target'), expected);
      await expectPopulated(driver(), '/d');
      expect(await listed(driver(), '/empty-target')).toEqual([]);
      expect(await readText(driver(), '/file-target')).toBe('x');
    });

    it("throws not-found when the target's parent is missing, keeping the source", async () => {
      await populate(driver());
      const expected = driver().capabilities.renameDirectories ? 'not-found' : 'unsupported';
      await expectKind(driver().rename('/d', '/missing/d'), expected);
      await expectPopulated(driver(), '/d');
    });
  });
}
