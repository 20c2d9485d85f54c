/** setModified (MFMT, draft-somers-ftp-mfxx §3): a time set by the client, kept with the file. */
import { describe, expect, it } from 'vitest';
import type { Entry, StorageDriver } from '../types.js';
import type { SuiteContext } from './context.js';
import { collect, expectKind, put } from './helpers.js';

/** Whole seconds, the precision every driver keeps (and the one MDTM and MLSD report). */
const seconds = (date: Date | undefined): number | undefined => (date === undefined ? undefined : Math.floor(date.getTime() / 1000));

const OLD = new Date('2001-02-03T04:05:06.789Z');

async function listedEntry(driver: StorageDriver, dir: string, name: string): Promise<Entry | undefined> {
  return (await collect(driver.list(dir))).find((entry) => entry.name === name);
}

export function mtimeCases({ driver }: SuiteContext): void {
  describe('setModified', () => {
    const setModified = (path: string, mtime: Date): Promise<void> => {
      const target = driver();
      if (!target.setModified) throw new Error(`driver ${target.kind} has no setModified`);
      return target.setModified(path, mtime);
    };

    it('is present exactly when the capability is declared, or answers unsupported', async () => {
      const target = driver();
      if (target.capabilities.setModified) {
        expect(typeof target.setModified).toBe('function');
      } else if (target.setModified) {
        await put(target, '/f', 'x');
        await expectKind(target.setModified('/f', OLD), 'unsupported');
      }
    });

    it('sets a time that stat and list report afterwards', async () => {
      if (!driver().capabilities.setModified) return;
      await driver().mkdir('/d');
      await put(driver(), '/d/f', 'content');
      await put(driver(), '/d/other', 'other');
      await setModified('/d/f', OLD);
      const stat = await driver().stat('/d/f');
      expect(stat).toMatchObject({ type: 'file', size: 7 });
      expect(seconds(stat.mtime)).toBe(seconds(OLD));
      expect(seconds((await listedEntry(driver(), '/d', 'f'))?.mtime)).toBe(seconds(OLD));
      // The other file keeps its own (recent) time.
      expect(seconds((await driver().stat('/d/other')).mtime)).toBeGreaterThan(seconds(OLD)! + 1);
    });

    it('can set the time again, later or earlier, and leaves the bytes alone', async () => {
      if (!driver().capabilities.setModified) return;
      await put(driver(), '/f', 'bytes kept');
      await setModified('/f', OLD);
      const later = new Date('2030-06-07T08:09:10Z');
      await setModified('/f', later);
      expect(seconds((await driver().stat('/f')).mtime)).toBe(seconds(later));
      const chunks = await collect(await driver().read('/f'));
      expect(Buffer.concat(chunks as Uint8Array[]).toString()).toBe('bytes kept');
      expect((await driver().stat('/f')).size).toBe(10);
    });

    it('keeps the time through a rename; a new write of the file replaces it', async () => {
      if (!driver().capabilities.setModified) return;
      await put(driver(), '/f', 'x');
      await setModified('/f', OLD);
      await driver().rename('/f', '/g');
      expect(seconds((await driver().stat('/g')).mtime)).toBe(seconds(OLD));
      await put(driver(), '/g', 'new bytes');
      expect(seconds((await driver().stat('/g')).mtime)).toBeGreaterThan(seconds(OLD)! + 1);
    });

    it('throws not-found for a missing file and is-a-directory for a directory', async () => {
      if (!driver().capabilities.setModified) return;
      await driver().mkdir('/d');
      await expectKind(setModified('/missing', OLD), 'not-found');
      await expectKind(setModified('/d/missing', OLD), 'not-found');
      await expectKind(setModified('/d', OLD), 'is-a-directory');
      await expectKind(setModified('/', OLD), 'is-a-directory');
    });
  });
}
