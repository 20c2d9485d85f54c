/** Byte-exact data at scale, awkward names, stored checksums and directories larger than one page. */
import { describe, expect, it } from 'vitest';
import { createIncrementalHash } from '../hashing.js';
import { HASH_ALGORITHMS } from '../types.js';
import type { SuiteContext } from './context.js';
import {
  bytes,
  chunksOf,
  collect,
  dir,
  expectKind,
  expectMissing,
  file,
  inParallel,
  listed,
  put,
  readText,
  streamDigest,
} from './helpers.js';
import { patternChunks } from './pattern.js';

/** SHA-256 and length of pattern bytes [start, end), generated chunk by chunk. */
async function patternDigest(start: number, end: number): Promise<{ sha256: string; size: number }> {
  const hash = createIncrementalHash('SHA-256');
  for await (const chunk of patternChunks(start, end)) hash.update(chunk);
  return { sha256: hash.digest(), size: end - start };
}

export function dataCases({ driver, options }: SuiteContext): void {
  describe('data', () => {
    it(
      `round-trips a streamed file of ${options.largeFileBytes} bytes byte-exact`,
      async () => {
        const size = options.largeFileBytes;
        expect(await driver().write('/large.bin', patternChunks(0, size), { sizeHint: size })).toMatchObject({ size });
        expect(await driver().stat('/large.bin')).toMatchObject({ type: 'file', size });
        expect(await streamDigest(await driver().read('/large.bin'))).toEqual(await patternDigest(0, size));
        const offset = Math.floor(size / 3) + 1;
        const tail = await driver().read('/large.bin', { offset });
        expect(await streamDigest(tail)).toEqual(await patternDigest(offset, size));
      },
      options.slowCaseTimeoutMs,
    );

    it('round-trips names with spaces, UTF-8 and # % + characters', async () => {
      const folder = 'a folder #1 100% +plus é 日本';
      const name = 'the file #2 %20 a+b=c é 日本語.txt';
      await driver().mkdir(`/${folder}`);
      await put(driver(), `/${folder}/${name}`, 'named');
      await put(driver(), '/%2F', 'encoded slash');
      expect(await listed(driver(), '/')).toEqual([file('%2F', 13), dir(folder)]);
      expect(await listed(driver(), `/${folder}`)).toEqual([file(name, 5)]);
      expect(await driver().stat(`/${folder}/${name}`)).toMatchObject({ name, type: 'file', size: 5 });
      expect(await readText(driver(), `/${folder}/${name}`)).toBe('named');
      await driver().rename(`/${folder}/${name}`, `/${folder}/+ renamed %é`);
      expect(await listed(driver(), `/${folder}`)).toEqual([file('+ renamed %é', 5)]);
      await expectMissing(driver(), `/${folder}/${name}`);
    });

    it('returns stored hashes equal to the streamed hash, for every algorithm', async () => {
      await put(driver(), '/f', 'checksum me é 日本');
      if (driver().capabilities.append) {
        await driver().write('/f', chunksOf(' and me'), { mode: { kind: 'append' } });
      }
      for (const algorithm of HASH_ALGORITHMS) {
        const streamed = createIncrementalHash(algorithm);
        for await (const chunk of await driver().read('/f')) streamed.update(chunk as Uint8Array);
        const expected = createIncrementalHash(algorithm);
        expected.update(bytes(driver().capabilities.append ? 'checksum me é 日本 and me' : 'checksum me é 日本'));
        const digest = streamed.digest();
        expect(digest).toBe(expected.digest());
        const stored = await driver().storedHash?.('/f', algorithm);
        if (stored !== undefined) expect(stored).toBe(digest);
      }
    });

    it('throws not-found and is-a-directory from storedHash', async () => {
      const current = driver();
      if (!current.storedHash) return;
      await current.mkdir('/d');
      await expectKind(current.storedHash('/missing', 'SHA-256'), 'not-found');
      await expectKind(current.storedHash('/d', 'MD5'), 'is-a-directory');
    });

    it(
      `lists ${options.manyFiles} files in one directory completely, each exactly once`,
      async () => {
        const count = options.manyFiles;
        const nameOf = (index: number) => `file-${String(index).padStart(6, '0')}`;
        await driver().mkdir('/many');
        await inParallel(count, 16, (index) => put(driver(), `/many/${nameOf(index)}`, String(index)));
        const entries = await collect(driver().list('/many'));
        const seen = new Map<string, number>();
        for (const entry of entries) {
          expect(entry.type).toBe('file');
          seen.set(entry.name, (seen.get(entry.name) ?? 0) + 1);
        }
        expect(entries).toHaveLength(count);
        for (let index = 0; index < count; index++) {
          expect(seen.get(nameOf(index)), nameOf(index)).toBe(1);
        }
        const sizes = new Map(entries.map((entry) => [entry.name, entry.size]));
        expect(sizes.get(nameOf(count - 1))).toBe(String(count - 1).length);
      },
      options.slowCaseTimeoutMs,
    );
  });
}
