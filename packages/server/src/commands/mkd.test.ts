import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('MKD', () => {
  it('creates a directory and answers 257 with its quoted path', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/a');
    context.state.cwd = '/a';
    expect(await context.sendOne('MKD new')).toMatchObject({ code: 257, lines: ['"/a/new" directory created.'] });
    expect((await context.storage.stat('/a/new')).type).toBe('dir');
  });

  it('doubles quotes in the reply (RFC 959 Appendix II)', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('XMKD say "hi"')).lines[0]).toBe('"/say ""hi""" directory created.');
  });

  it('answers 550 when something exists already or the parent is missing', async () => {
    const context = new FakeContext();
    await context.send('MKD a');
    expect((await context.sendOne('MKD a')).code).toBe(550);
    expect((await context.sendOne('MKD missing/child')).code).toBe(550);
  });

  it('needs the mkdir permission', async () => {
    const context = new FakeContext({ permissions: ['list', 'read'] });
    expect((await context.sendOne('MKD a')).code).toBe(550);
    await expect(context.storage.stat('/a')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
