import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

describe('RMD', () => {
  it('removes an empty directory (250)', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/a');
    expect((await context.sendOne('RMD a')).code).toBe(250);
    await expect(context.storage.stat('/a')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('refuses a directory that is not empty (550)', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/a');
    await putFile(context.storage, '/a/f', 'x');
    expect((await context.sendOne('XRMD a')).code).toBe(550);
    expect((await context.storage.stat('/a/f')).type).toBe('file');
  });

  it('refuses the root, however it is spelled', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('RMD /')).code).toBe(550);
    expect((await context.sendOne('RMD ..')).code).toBe(550);
  });

  it('answers 550 for a missing directory and for a file', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f', 'x');
    expect((await context.sendOne('RMD nope')).code).toBe(550);
    expect((await context.sendOne('RMD f')).code).toBe(550);
  });

  it('moves the working directory to the root when it was removed', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/a');
    context.state.cwd = '/a';
    expect((await context.sendOne('RMD .')).code).toBe(250);
    expect(context.state.cwd).toBe('/');
  });

  it('needs the delete permission', async () => {
    const context = new FakeContext({ permissions: ['list', 'read', 'mkdir'] });
    await context.storage.mkdir('/a');
    expect((await context.sendOne('RMD a')).code).toBe(550);
    expect((await context.storage.stat('/a')).type).toBe('dir');
  });
});
