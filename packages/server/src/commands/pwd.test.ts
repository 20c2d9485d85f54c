import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('PWD', () => {
  it('answers 257 with the quoted working directory (RFC 959 Appendix II)', async () => {
    const context = new FakeContext();
    expect(await context.sendOne('PWD')).toMatchObject({ code: 257, lines: ['"/" is the current directory.'] });
  });

  it('doubles embedded quotes', async () => {
    const context = new FakeContext();
    context.state.cwd = '/say "hi"';
    expect((await context.sendOne('PWD')).lines[0]).toBe('"/say ""hi""" is the current directory.');
  });

  it('has the RFC 775 alias XPWD', async () => {
    const context = new FakeContext();
    context.state.cwd = '/a';
    expect(await context.sendOne('XPWD')).toMatchObject({ code: 257, lines: ['"/a" is the current directory.'] });
  });

  it('needs a login and no argument', async () => {
    expect((await new FakeContext({ loggedIn: false }).sendOne('PWD')).code).toBe(530);
    expect((await new FakeContext().sendOne('PWD /')).code).toBe(501);
  });
});
