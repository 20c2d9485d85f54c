/**
 * The directory-rename contract after a failed copy (object-store/rename-report.ts), for drivers
 * whose tests can make one copy fail. The shared suite cannot provoke such a failure without a
 * hook into each backend, so each driver's rename test injects its own (a real backend error) and
 * checks the outcome here, the same way for every driver.
 */
import { expect } from 'vitest';
import type { StorageErrorKind } from '../errors.js';
import type { StorageDriver } from '../types.js';

export interface FailedRename {
  readonly driver: StorageDriver;
  /** A directory with several objects below it, one of which the backend will refuse to copy. */
  readonly from: string;
  /** A path that does not exist yet, in an existing directory. */
  readonly to: string;
  /** The kind the backend's refusal classifies as. */
  readonly kind: StorageErrorKind;
  /** Every object name in the store (the whole bucket), sorted. */
  readonly storedNames: () => Promise<string[]>;
}

/**
 * Renames `from` to `to` expecting a copy to fail, then checks that the store holds exactly what it
 * held before (the copies removed, every source kept) and that the error says how many objects
 * were copied. Returns that number.
 */
export async function expectFailedRenameLeavesStoreAsItWas(rename: FailedRename): Promise<number> {
  const { driver, from, to } = rename;
  const before = await rename.storedNames();
  const error = await driver.rename(from, to).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toMatchObject({ name: 'StorageError', kind: rename.kind });
  const message = (error as Error).message;
  const pattern = new RegExp(`failed after (\\d+) objects were copied; the copies were removed and ${escape(from)} is unchanged`);
  expect(message).toMatch(pattern);
  expect(await rename.storedNames()).toEqual(before);
  await expect(driver.stat(to)).rejects.toMatchObject({ kind: 'not-found' });
  expect(await driver.stat(from)).toMatchObject({ type: 'dir' });
  return Number(pattern.exec(message)?.[1]);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
