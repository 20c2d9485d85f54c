import { describe, expect, it } from 'vitest';
import { describeStorageDriver } from './conformance/index.js';
import { chunksOf, readText } from './conformance/helpers.js';
import { MemoryDriver } from './memory-driver.js';
import type { Capabilities } from './types.js';

describeStorageDriver('memory', async () => ({ driver: new MemoryDriver() }));

/** Exercises the suite's 'unsupported' expectations for every capability-gated feature. */
class MinimalMemoryDriver extends MemoryDriver {
  override readonly capabilities: Capabilities = { append: false, resume: false, renameDirectories: false, setModified: false };
}

describeStorageDriver('memory without append, resume or directory renames', async () => ({
  driver: new MinimalMemoryDriver(),
}));

describe('MemoryDriver', () => {
  it('keeps its own copy of every chunk it accepts', async () => {
    const driver = new MemoryDriver();
    const reused = new TextEncoder().encode('first');
    async function* source(): AsyncGenerator<Uint8Array> {
      yield reused;
      reused.set(new TextEncoder().encode('XXXXX'));
    }
    await driver.write('/f', source());
    expect(await readText(driver, '/f')).toBe('first');
  });

  it('hands out copies, so a reader cannot alter the stored bytes', async () => {
    const driver = new MemoryDriver();
    await driver.write('/f', chunksOf('abc'));
    for await (const chunk of await driver.read('/f')) (chunk as Uint8Array).fill(0x21);
    expect(await readText(driver, '/f')).toBe('abc');
  });

  it('streams the chunks as stored, without joining them', async () => {
    const driver = new MemoryDriver();
    await driver.write('/f', chunksOf('one', 'two', 'three'));
    const chunks: string[] = [];
    for await (const chunk of await driver.read('/f', { offset: 1 })) chunks.push(Buffer.from(chunk as Uint8Array).toString());
    expect(chunks).toEqual(['ne', 'two', 'three']);
  });

  it('keeps serving the snapshot a read stream started with when the file is replaced', async () => {
    const driver = new MemoryDriver();
    await driver.write('/f', chunksOf('old ', 'bytes'));
    const reading = await driver.read('/f');
    await driver.write('/f', chunksOf('new'));
    await driver.delete('/f');
    let text = '';
    for await (const chunk of reading) text += Buffer.from(chunk as Uint8Array).toString();
    expect(text).toBe('old bytes');
  });

  it('refuses paths that are not normalised', async () => {
    const driver = new MemoryDriver();
    for (const path of ['', 'relative', '/a/', '/a//b', '/a/../b', '/./a', '/a\0b']) {
      await expect(driver.stat(path), path).rejects.toMatchObject({ kind: 'invalid-name' });
    }
  });

  it('refuses a negative or fractional offset', async () => {
    const driver = new MemoryDriver();
    await driver.write('/f', chunksOf('abc'));
    await expect(driver.read('/f', { offset: -1 })).rejects.toMatchObject({ kind: 'invalid-argument' });
    await expect(
      driver.write('/f', chunksOf('x'), { mode: { kind: 'resume', offset: 1.5 } }),
    ).rejects.toMatchObject({ kind: 'invalid-argument' });
  });
});
