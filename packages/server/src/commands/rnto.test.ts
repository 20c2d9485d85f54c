import { beforeEach, describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { putFile, readFile } from '../testing/files.js';

describe('RNTO', () => {
  let context: FakeContext;
  beforeEach(async () => {
    context = new FakeContext();
    await putFile(context.storage, '/a.txt', 'content');
    await context.storage.mkdir('/dir');
  });

  it('renames what RNFR named (350 then 250)', async () => {
    expect((await context.sendOne('RNFR a.txt')).code).toBe(350);
    expect((await context.sendOne('RNTO dir/b.txt')).code).toBe(250);
    expect((await readFile(context.storage, '/dir/b.txt')).toString()).toBe('content');
    await expect(context.storage.stat('/a.txt')).rejects.toMatchObject({ kind: 'not-found' });
    expect(context.state.renameFrom).toBeUndefined();
  });

  it('answers 503 without RNFR (RFC 959 §4.1.3)', async () => {
    expect((await context.sendOne('RNTO b.txt')).code).toBe(503);
  });

  it('answers 503 when another command came between RNFR and RNTO', async () => {
    await context.send('RNFR a.txt');
    expect((await context.sendOne('NOOP')).code).toBe(200);
    expect((await context.sendOne('RNTO b.txt')).code).toBe(503);
    expect((await context.storage.stat('/a.txt')).type).toBe('file');
  });

  it('answers 503 when an unknown command came between RNFR and RNTO', async () => {
    await context.send('RNFR a.txt');
    expect((await context.sendOne('FROB')).code).toBe(500);
    expect((await context.sendOne('RNTO b.txt')).code).toBe(503);
  });

  it('refuses the root as a target (553) and maps storage errors (550)', async () => {
    await context.send('RNFR a.txt');
    expect((await context.sendOne('RNTO /')).code).toBe(553);
    await context.send('RNFR a.txt');
    expect((await context.sendOne('RNTO missing/b.txt')).code).toBe(550);
  });
});
