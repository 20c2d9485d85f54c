import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

describe('RNFR', () => {
  it('names an existing source and asks for RNTO (350)', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/a.txt', 'x');
    expect((await context.sendOne('RNFR a.txt')).code).toBe(350);
    expect(context.state.renameFrom).toBe('/a.txt');
  });

  it('answers 550 for a missing source and for the root', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('RNFR nope')).code).toBe(550);
    expect((await context.sendOne('RNFR /')).code).toBe(550);
    expect(context.state.renameFrom).toBeUndefined();
  });

  it('a failed RNFR forgets an earlier one, so RNTO cannot rename the wrong file', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/a.txt', 'x');
    await context.send('RNFR a.txt');
    expect((await context.sendOne('RNFR nope')).code).toBe(550);
    expect((await context.sendOne('RNTO b.txt')).code).toBe(503);
    expect((await context.storage.stat('/a.txt')).type).toBe('file');
  });

  it('needs the rename permission', async () => {
    const context = new FakeContext({ permissions: ['list', 'read'] });
    await putFile(context.storage, '/a.txt', 'x');
    expect((await context.sendOne('RNFR a.txt')).code).toBe(550);
  });
});
