import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';

describe('SITE', () => {
  it('SITE HELP lists the SITE commands (214)', async () => {
    const reply = await new FakeContext().sendOne('SITE help');
    expect(reply.code).toBe(214);
    expect(reply.lines[0]).toBe('The following SITE commands are recognized:');
    expect(reply.lines).toContain('SITE HELP (this list)');
  });

  it('answers 501 to an unknown SITE command', async () => {
    expect(await new FakeContext().sendOne('SITE CHMOD 755 f')).toMatchObject({ code: 501, lines: ['Unknown SITE command CHMOD.'] });
  });

  it('needs a login and an argument', async () => {
    expect((await new FakeContext({ loggedIn: false }).sendOne('SITE HELP')).code).toBe(530);
    expect((await new FakeContext().sendOne('SITE')).code).toBe(501);
  });
});
