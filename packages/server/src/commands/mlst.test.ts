import { describe, expect, it } from 'vitest';
import { formatMdtm } from '@bucketftp/protocol';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

describe('MLST', () => {
  it('answers 250 over several lines with the facts of one file (RFC 3659 §7.2)', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/d');
    await putFile(context.storage, '/d/a.txt', 'hello');
    const { mtime } = await context.storage.stat('/d/a.txt');
    context.state.cwd = '/d';
    expect(await context.sendOne('MLST a.txt')).toMatchObject({
      code: 250,
      lines: ['Listing /d/a.txt', `type=file;size=5;modify=${formatMdtm(mtime!)};perm=rwadf; /d/a.txt`, 'End'],
    });
  });

  it('describes the working directory without an argument', async () => {
    const context = new FakeContext({ permissions: ['list'] });
    await context.send('OPTS MLST type;perm;');
    expect((await context.sendOne('MLST')).lines[1]).toBe('type=dir;perm=el; /');
  });

  it('answers 550 for a missing path', async () => {
    expect((await new FakeContext().sendOne('MLST nope')).code).toBe(550);
  });
});
