import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

describe('DELE', () => {
  it('deletes a file (250)', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f.txt', 'x');
    expect((await context.sendOne('DELE f.txt')).code).toBe(250);
    await expect(context.storage.stat('/f.txt')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('answers 550 for a missing file and for a directory', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/d');
    expect((await context.sendOne('DELE nope')).code).toBe(550);
    expect((await context.sendOne('DELE d')).code).toBe(550);
    expect((await context.storage.stat('/d')).type).toBe('dir');
  });

  it('needs the delete permission', async () => {
    const context = new FakeContext({ permissions: ['list', 'read', 'write'] });
    await putFile(context.storage, '/f.txt', 'x');
    expect((await context.sendOne('DELE f.txt')).code).toBe(550);
    expect((await context.storage.stat('/f.txt')).size).toBe(1);
  });
});
