/**
 * The storage-driver conformance suite: one set of vitest cases that every driver runs against a
 * fresh, empty store per test. The in-memory driver is the reference implementation.
 *
 * ```ts
 * describeStorageDriver('fs', async () => {
 *   const root = await mkdtemp(join(tmpdir(), 'bucketftp-'));
 *   return { driver: new FsDriver({ root }), cleanup: () => rm(root, { recursive: true, force: true }) };
 * });
 * ```
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageDriver } from '../types.js';
import { resolveOptions, type ConformanceOptions, type ConformanceTarget, type SuiteContext } from './context.js';
import { dataCases } from './data-cases.js';
import { fileCases } from './file-cases.js';
import { mtimeCases } from './mtime-cases.js';
import { namespaceCases } from './namespace-cases.js';
import { renameCases } from './rename-cases.js';
import { uploadCases } from './upload-cases.js';

export type { ConformanceOptions, ConformanceTarget } from './context.js';
export { expectFailedRenameLeavesStoreAsItWas, type FailedRename } from './failed-rename.js';

/**
 * Declares the whole suite. `createTarget` runs before every test; after it, the target's
 * `cleanup()` runs, then `driver.close()`.
 */
export function describeStorageDriver(
  name: string,
  createTarget: () => Promise<ConformanceTarget>,
  options: ConformanceOptions = {},
): void {
  describe(`storage driver conformance: ${name}`, () => {
    let target: ConformanceTarget | undefined;

    beforeEach(async () => {
      target = await createTarget();
    });

    afterEach(async () => {
      const finished = target;
      target = undefined;
      try {
        await finished?.cleanup?.();
      } finally {
        await finished?.driver.close?.();
      }
    });

    const context: SuiteContext = {
      driver: (): StorageDriver => {
        if (!target) throw new Error('the conformance target is only available inside a test');
        return target.driver;
      },
      options: resolveOptions(options),
    };

    it('declares its kind and capabilities', () => {
      const { kind, capabilities } = context.driver();
      expect(kind).toMatch(/^[a-z0-9-]+$/);
      expect(capabilities).toEqual({
        append: expect.any(Boolean) as unknown,
        resume: expect.any(Boolean) as unknown,
        renameDirectories: expect.any(Boolean) as unknown,
        setModified: expect.any(Boolean) as unknown,
      });
    });

    namespaceCases(context);
    fileCases(context);
    uploadCases(context);
    renameCases(context);
    dataCases(context);
    mtimeCases(context);
  });
}
