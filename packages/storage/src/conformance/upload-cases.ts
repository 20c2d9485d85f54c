/** Upload modes (create, append, resume) and the partial-upload policy on failure and abort. */
import { describe, expect, it } from 'vitest';
import { StorageError } from '../errors.js';
import type { StorageDriver, WriteMode } from '../types.js';
import type { SuiteContext } from './context.js';
import {
  abortingAfter,
  chunksOf,
  expectFailureFrom,
  expectKind,
  expectMissing,
  file,
  failingAfter,
  listed,
  put,
  readText,
} from './helpers.js';

/** Mixed-width UTF-8, so a byte lost or doubled anywhere shows. */
const ORIGINAL = 'orig content é 日本 #%+';
const ORIGINAL_BYTES = new TextEncoder().encode(ORIGINAL).byteLength;
const RESUME_AT = 4;

const ON_EXISTING: readonly (readonly [string, WriteMode])[] = [
  ['create', { kind: 'create' }],
  ['append', { kind: 'append' }],
  ['resume', { kind: 'resume', offset: RESUME_AT }],
];
const ON_NEW: readonly (readonly [string, WriteMode])[] = [
  ['create', { kind: 'create' }],
  ['append', { kind: 'append' }],
  ['resume', { kind: 'resume', offset: 0 }],
];

function supports(driver: StorageDriver, mode: WriteMode): boolean {
  return mode.kind === 'create' || driver.capabilities[mode.kind];
}

/** `writing` fails with `failure` — or, where the driver lacks `mode`, with `unsupported`. */
async function expectFailureUnlessUnsupported(driver: StorageDriver, writing: Promise<unknown>, mode: WriteMode, failure: Error): Promise<void> {
  if (supports(driver, mode)) await expectFailureFrom(writing, failure);
  else await expectKind(writing, 'unsupported');
}

/** The storage holds `/f` with ORIGINAL, byte for byte, and nothing else. */
async function expectOnlyOriginal(driver: StorageDriver): Promise<void> {
  expect(await readText(driver, '/f')).toBe(ORIGINAL);
  expect(await listed(driver, '/')).toEqual([file('f', ORIGINAL_BYTES)]);
}

/** What `keep` must commit over ORIGINAL: the bytes the mode keeps, then those received. */
function keptContent(mode: WriteMode, received: string): string {
  switch (mode.kind) {
    case 'create':
      return received;
    case 'append':
      return ORIGINAL + received;
    case 'resume':
      return ORIGINAL.slice(0, mode.offset) + received;
  }
}

export function uploadCases({ driver }: SuiteContext): void {
  describe('append mode', () => {
    it('adds the new bytes after the existing ones', async () => {
      await put(driver(), '/f', ORIGINAL);
      const appending = driver().write('/f', chunksOf(' and', ' more'), { mode: { kind: 'append' } });
      if (!driver().capabilities.append) {
        await expectKind(appending, 'unsupported');
        expect(await readText(driver(), '/f')).toBe(ORIGINAL);
        return;
      }
      expect(await appending).toMatchObject({ size: ORIGINAL_BYTES + 9 });
      expect(await readText(driver(), '/f')).toBe(`${ORIGINAL} and more`);
    });

    it('creates a missing file', async () => {
      const appending = put(driver(), '/new', 'first', { mode: { kind: 'append' } });
      if (!driver().capabilities.append) {
        await expectKind(appending, 'unsupported');
        await expectMissing(driver(), '/new');
        return;
      }
      expect(await appending).toMatchObject({ size: 5 });
      expect(await readText(driver(), '/new')).toBe('first');
    });
  });

  describe('resume mode', () => {
    it.each([
      ['the start', 0, 'NEW'],
      ['the middle', RESUME_AT, 'orig' + 'NEW'],
      ['the end', ORIGINAL_BYTES, ORIGINAL + 'NEW'],
    ])('keeps the bytes before %s and writes the new ones from there', async (_, offset, expected) => {
      await put(driver(), '/f', ORIGINAL);
      const resuming = put(driver(), '/f', 'NEW', { mode: { kind: 'resume', offset } });
      if (!driver().capabilities.resume) {
        await expectKind(resuming, 'unsupported');
        expect(await readText(driver(), '/f')).toBe(ORIGINAL);
        return;
      }
      expect(await resuming).toMatchObject({ size: new TextEncoder().encode(expected).byteLength });
      expect(await readText(driver(), '/f')).toBe(expected);
    });

    it('throws invalid-argument past the end, leaving the file unchanged', async () => {
      await put(driver(), '/f', ORIGINAL);
      const resuming = put(driver(), '/f', 'NEW', { mode: { kind: 'resume', offset: ORIGINAL_BYTES + 1 } });
      await expectKind(resuming, driver().capabilities.resume ? 'invalid-argument' : 'unsupported');
      expect(await readText(driver(), '/f')).toBe(ORIGINAL);
    });
  });

  describe('a failed upload under the discard policy (the default)', () => {
    it.each(ON_EXISTING)('leaves an existing file byte-identical when the source fails (%s)', async (_, mode) => {
      await put(driver(), '/f', ORIGINAL);
      const error = new Error('data connection reset');
      const writing = driver().write('/f', failingAfter(['new', ' bytes'], error), { mode });
      await expectFailureUnlessUnsupported(driver(), writing, mode, error);
      await expectOnlyOriginal(driver());
    });

    it.each(ON_NEW)('creates no file when the source fails (%s)', async (_, mode) => {
      const error = new Error('data connection reset');
      const writing = driver().write('/new', failingAfter(['new', ' bytes'], error), { mode, partial: 'discard' });
      await expectFailureUnlessUnsupported(driver(), writing, mode, error);
      await expectMissing(driver(), '/new');
      expect(await listed(driver(), '/')).toEqual([]);
    });

    it.each(ON_EXISTING)('rejects with aborted and leaves the file byte-identical on abort (%s)', async (_, mode) => {
      await put(driver(), '/f', ORIGINAL);
      const controller = new AbortController();
      const source = abortingAfter(['new', ' bytes'], controller);
      const writing = driver().write('/f', source, { mode, partial: 'discard', signal: controller.signal });
      await expectKind(writing, supports(driver(), mode) ? 'aborted' : 'unsupported');
      await expectOnlyOriginal(driver());
    });

    it.each(ON_NEW)('creates no file on abort (%s)', async (_, mode) => {
      const controller = new AbortController();
      const source = abortingAfter(['new', ' bytes'], controller);
      const writing = driver().write('/new', source, { mode, signal: controller.signal });
      await expectKind(writing, supports(driver(), mode) ? 'aborted' : 'unsupported');
      await expectMissing(driver(), '/new');
      expect(await listed(driver(), '/')).toEqual([]);
    });

    it('rejects with aborted and changes nothing when the signal has already fired', async () => {
      await put(driver(), '/f', ORIGINAL);
      const controller = new AbortController();
      controller.abort(new Error('gone before the transfer began'));
      await expectKind(put(driver(), '/f', 'new', { signal: controller.signal }), 'aborted');
      await expectKind(put(driver(), '/new', 'new', { signal: controller.signal }), 'aborted');
      await expectOnlyOriginal(driver());
    });
  });

  describe('a failed upload under the keep policy', () => {
    it.each(ON_EXISTING)('commits the bytes received, then still rejects, when the source fails (%s)', async (_, mode) => {
      await put(driver(), '/f', ORIGINAL);
      const error = new Error('data connection reset');
      const writing = driver().write('/f', failingAfter(['new', ' bytes'], error), { mode, partial: 'keep' });
      if (!supports(driver(), mode)) {
        await expectKind(writing, 'unsupported');
        expect(await readText(driver(), '/f')).toBe(ORIGINAL);
        return;
      }
      await expectFailureFrom(writing, error);
      expect(await readText(driver(), '/f')).toBe(keptContent(mode, 'new bytes'));
    });

    it.each(ON_EXISTING)('commits the bytes received, then rejects with aborted, on abort (%s)', async (_, mode) => {
      await put(driver(), '/f', ORIGINAL);
      const controller = new AbortController();
      const source = abortingAfter(['new', ' bytes'], controller);
      const writing = driver().write('/f', source, { mode, partial: 'keep', signal: controller.signal });
      if (!supports(driver(), mode)) {
        await expectKind(writing, 'unsupported');
        expect(await readText(driver(), '/f')).toBe(ORIGINAL);
        return;
      }
      await expectKind(writing, 'aborted');
      expect(await readText(driver(), '/f')).toBe(keptContent(mode, 'new bytes'));
    });

    it('creates a new file holding exactly the bytes received', async () => {
      const error = new Error('data connection reset');
      const writing = driver().write('/new', failingAfter(['first ', 'second ', 'third'], error), { partial: 'keep' });
      await expectFailureFrom(writing, error);
      expect(await readText(driver(), '/new')).toBe('first second third');
      expect(await listed(driver(), '/')).toEqual([file('new', 18)]);
    });

    // A source that fails with `quota` was cut off for being too large (a per-user size limit): its
    // bytes are never committed, whatever the policy (keepsPartial).
    it('creates no file when the source fails with a quota error', async () => {
      const tooLarge = new StorageError('quota', 'upload exceeds the size limit');
      const writing = driver().write('/new', failingAfter(['first ', 'second '], tooLarge), { partial: 'keep' });
      await expectFailureFrom(writing, tooLarge);
      await expectMissing(driver(), '/new');
      expect(await listed(driver(), '/')).toEqual([]);
    });

    it.each(ON_EXISTING)('leaves an existing file byte-identical when the source fails with a quota error (%s)', async (_, mode) => {
      await put(driver(), '/f', ORIGINAL);
      const tooLarge = new StorageError('quota', 'upload exceeds the size limit');
      const writing = driver().write('/f', failingAfter(['new', ' bytes'], tooLarge), { mode, partial: 'keep' });
      await expectFailureUnlessUnsupported(driver(), writing, mode, tooLarge);
      await expectOnlyOriginal(driver());
    });
  });

  describe('the last check before the commit (beforeCommit)', () => {
    /** Yields `parts` and notes when the driver has read past the last one. */
    function tracked(parts: string[]): { readonly source: AsyncIterable<Uint8Array>; readonly ended: () => boolean } {
      let ended = false;
      async function* source(): AsyncGenerator<Uint8Array, void, undefined> {
        yield* chunksOf(...parts);
        ended = true;
      }
      return { source: source(), ended: () => ended };
    }

    it.each(ON_EXISTING)('runs once, after the whole source was read and before the new bytes are visible (%s)', async (_, mode) => {
      await put(driver(), '/f', ORIGINAL);
      const { source, ended } = tracked(['new', ' bytes']);
      const seen: { ended: boolean; content: string }[] = [];
      const writing = driver().write('/f', source, {
        mode,
        beforeCommit: async () => {
          seen.push({ ended: ended(), content: await readText(driver(), '/f') });
        },
      });
      if (!supports(driver(), mode)) {
        await expectKind(writing, 'unsupported');
        expect(seen).toEqual([]);
        return;
      }
      await writing;
      expect(seen).toEqual([{ ended: true, content: ORIGINAL }]);
      expect(await readText(driver(), '/f')).toBe(keptContent(mode, 'new bytes'));
    });

    it.each(ON_EXISTING)('a rejection leaves an existing file byte-identical under the discard policy (%s)', async (_, mode) => {
      await put(driver(), '/f', ORIGINAL);
      const refused = new Error('the client hung up');
      const writing = driver().write('/f', chunksOf('new', ' bytes'), { mode, beforeCommit: () => Promise.reject(refused) });
      await expectFailureUnlessUnsupported(driver(), writing, mode, refused);
      await expectOnlyOriginal(driver());
    });

    it.each(ON_NEW)('a rejection creates no file under the discard policy (%s)', async (_, mode) => {
      const refused = new Error('the client hung up');
      const writing = driver().write('/new', chunksOf('new', ' bytes'), { mode, beforeCommit: () => Promise.reject(refused) });
      await expectFailureUnlessUnsupported(driver(), writing, mode, refused);
      await expectMissing(driver(), '/new');
      expect(await listed(driver(), '/')).toEqual([]);
    });

    it('a rejection counts as a failure of the source under the keep policy: the bytes are kept, the write rejects', async () => {
      const refused = new Error('the client hung up');
      const writing = driver().write('/new', chunksOf('first ', 'second'), { partial: 'keep', beforeCommit: () => Promise.reject(refused) });
      await expectFailureFrom(writing, refused);
      expect(await readText(driver(), '/new')).toBe('first second');
    });

    it('does not run when the source fails', async () => {
      let calls = 0;
      const error = new Error('data connection reset');
      const writing = driver().write('/new', failingAfter(['new'], error), {
        beforeCommit: async () => {
          calls++;
        },
      });
      await expectFailureFrom(writing, error);
      expect(calls).toBe(0);
      await expectMissing(driver(), '/new');
    });
  });
}
