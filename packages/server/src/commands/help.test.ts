import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { commandTable } from './index.js';

describe('HELP', () => {
  it('lists every verb of the command table, aliases included, also before login', async () => {
    const reply = await new FakeContext({ loggedIn: false }).sendOne('HELP');
    expect(reply.code).toBe(214);
    expect(reply.lines[0]).toBe('The following commands are recognized:');
    expect(reply.lines.at(-1)).toBe('Help OK.');
    const verbs = reply.lines.slice(1, -1).flatMap((row) => row.trim().split(/\s+/));
    expect(verbs).toEqual(commandTable.verbs());
    expect(verbs).toContain('XPWD');
  });

  it('shows the syntax of one verb, aliases and lower case included', async () => {
    const context = new FakeContext();
    expect(await context.sendOne('HELP RETR')).toMatchObject({ code: 214, lines: ['Syntax: RETR <sp> pathname (retrieve a file)'] });
    expect((await context.sendOne('HELP xpwd')).lines[0]).toMatch(/^Syntax: PWD/);
  });

  it('answers 501 for an unknown verb', async () => {
    expect((await new FakeContext().sendOne('HELP FROB')).code).toBe(501);
  });
});
