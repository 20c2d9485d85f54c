import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('CDUP', () => {
  it('changes to the parent directory (250)', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/a');
    await context.storage.mkdir('/a/b');
    context.state.cwd = '/a/b';
    expect((await context.sendOne('CDUP')).code).toBe(250);
    expect(context.state.cwd).toBe('/a');
    expect((await context.sendOne('XCUP')).code).toBe(250);
    expect(context.state.cwd).toBe('/');
  });

  it('stays at the root', async () => {
    const context = new FakeContext();
    expect((await context.sendOne('CDUP')).code).toBe(250);
    expect(context.state.cwd).toBe('/');
  });

  it('takes no argument', async () => {
    expect((await new FakeContext().sendOne('CDUP x')).code).toBe(501);
  });
});
