import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

const FOX = 'The quick brown fox jumps over the lazy dog';

async function withFox(): Promise<FakeContext> {
  const context = new FakeContext();
  await context.storage.mkdir('/d');
  await putFile(context.storage, '/d/fox.txt', FOX);
  return context;
}

describe('HASH', () => {
  it('answers `213 <algorithm> 0-<size> <hex> <path>` with SHA-256 by default', async () => {
    const context = await withFox();
    expect(await context.sendOne('HASH d/fox.txt')).toMatchObject({
      code: 213,
      lines: ['SHA-256 0-43 d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592 /d/fox.txt'],
    });
  });

  it.each([
    ['MD5', '9e107d9d372bb6826bd81d3542a419d6'],
    ['SHA-1', '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12'],
    ['CRC32', '414fa339'],
  ])('uses the algorithm chosen with OPTS HASH %s', async (algorithm, digest) => {
    const context = await withFox();
    expect((await context.sendOne(`OPTS HASH ${algorithm}`)).code).toBe(200);
    expect((await context.sendOne('HASH /d/fox.txt')).lines[0]).toBe(`${algorithm} 0-43 ${digest} /d/fox.txt`);
  });

  it('answers 550 for a directory or a missing file', async () => {
    const context = await withFox();
    expect((await context.sendOne('HASH d')).code).toBe(550);
    expect((await context.sendOne('HASH nope')).code).toBe(550);
  });

  it('needs the read permission', async () => {
    const context = new FakeContext({ permissions: ['list'] });
    await putFile(context.storage, '/f', FOX);
    expect((await context.sendOne('HASH f')).code).toBe(550);
  });
});
