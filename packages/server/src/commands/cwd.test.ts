import { beforeEach, describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

describe('CWD', () => {
  let context: FakeContext;
  beforeEach(async () => {
    context = new FakeContext();
    await context.storage.mkdir('/a');
    await context.storage.mkdir('/a/b');
    await putFile(context.storage, '/a/file.txt', 'x');
  });

  it('changes into a directory, relative or absolute (250)', async () => {
    expect((await context.sendOne('CWD a')).code).toBe(250);
    expect(context.state.cwd).toBe('/a');
    expect((await context.sendOne('CWD b')).code).toBe(250);
    expect(context.state.cwd).toBe('/a/b');
    expect((await context.sendOne('CWD /a')).code).toBe(250);
    expect(context.state.cwd).toBe('/a');
  });

  it('answers 550 for a missing directory and stays put', async () => {
    await context.send('CWD a');
    expect((await context.sendOne('CWD missing')).code).toBe(550);
    expect(context.state.cwd).toBe('/a');
  });

  it('answers 550 for a file', async () => {
    expect((await context.sendOne('CWD a/file.txt')).code).toBe(550);
    expect(context.state.cwd).toBe('/');
  });

  it('never climbs above the root', async () => {
    expect((await context.sendOne('CWD ..')).code).toBe(250);
    expect(context.state.cwd).toBe('/');
    await context.send('CWD a');
    expect((await context.sendOne('CWD ../../..')).code).toBe(250);
    expect(context.state.cwd).toBe('/');
  });

  it('has the alias XCWD', async () => {
    expect((await context.sendOne('XCWD a/b')).code).toBe(250);
    expect(context.state.cwd).toBe('/a/b');
  });

  it('needs an argument and a login', async () => {
    expect((await context.sendOne('CWD')).code).toBe(501);
    expect((await new FakeContext({ loggedIn: false }).sendOne('CWD /')).code).toBe(530);
  });
});
