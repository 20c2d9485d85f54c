import { beforeEach, describe, expect, it } from 'vitest';
import { formatMdtm } from '@bucketftp/protocol';
import { FakeContext, runTransfer } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

async function lines(context: FakeContext): Promise<string[]> {
  const { sent } = await runTransfer(context.transfers.last);
  return sent.toString('utf8').split('\r\n').filter((line) => line !== '').sort();
}

describe('MLSD', () => {
  let context: FakeContext;
  beforeEach(async () => {
    context = new FakeContext();
    await context.storage.mkdir('/d');
    await context.storage.mkdir('/d/sub');
    await putFile(context.storage, '/d/a.txt', 'hello');
  });

  it('does not expand wildcards (RFC 3659 §7.2.1): a pattern that names nothing is 550', async () => {
    expect((await context.sendOne('MLSD d/*')).code).toBe(550);
    expect(context.transfers.started).toHaveLength(0);
  });

  it('sends one fact line per entry (RFC 3659 §7.2)', async () => {
    expect(await context.send('MLSD d')).toEqual([]);
    expect(context.transfers.last).toMatchObject({ command: 'MLSD', path: '/d', kind: 'listing' });
    const file = await context.storage.stat('/d/a.txt');
    const dir = await context.storage.stat('/d/sub');
    expect(await lines(context)).toEqual([
      `type=dir;modify=${formatMdtm(dir.mtime!)};perm=elcmpdf; sub`,
      `type=file;size=5;modify=${formatMdtm(file.mtime!)};perm=rwadf; a.txt`,
    ]);
  });

  it('writes only the facts selected with OPTS MLST and the perm letters the user has', async () => {
    const reader = new FakeContext({ storage: context.storage, permissions: ['list', 'read'] });
    await reader.send('OPTS MLST type;perm;');
    await reader.send('MLSD /d');
    expect(await lines(reader)).toEqual(['type=dir;perm=el; sub', 'type=file;perm=r; a.txt']);
  });

  it('leaves out names that would break a listing line', async () => {
    await putFile(context.storage, '/d/bad\r\nname', 'x');
    await context.send('OPTS MLST type;');
    await context.send('MLSD /d');
    expect(await lines(context)).toEqual(['type=dir; sub', 'type=file; a.txt']);
  });

  it('answers 501 for a file (RFC 3659 §7.2.1) and 550 for a missing path, before any transfer', async () => {
    expect((await context.sendOne('MLSD d/a.txt')).code).toBe(501);
    expect((await context.sendOne('MLSD nope')).code).toBe(550);
    expect(context.transfers.started).toHaveLength(0);
  });
});
