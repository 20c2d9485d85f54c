import { describe, expect, it } from 'vitest';
import { MemoryDriver, type Capabilities } from '@bucketftp/storage';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

class FixedTimesDriver extends MemoryDriver {
  override readonly capabilities: Capabilities = { append: true, resume: true, renameDirectories: true, setModified: false };
}

describe('MFMT (draft-somers-ftp-mfxx §3)', () => {
  it('sets the time MDTM, MLST and LIST report, answering 213 Modify=...; path', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/d');
    await putFile(context.storage, '/d/a file.txt', 'x');
    await context.send('CWD d');
    const reply = await context.sendOne('MFMT 20010203040506 a file.txt');
    expect(reply).toMatchObject({ code: 213, lines: ['Modify=20010203040506; a file.txt'] });
    expect((await context.storage.stat('/d/a file.txt')).mtime).toEqual(new Date('2001-02-03T04:05:06Z'));
    expect(await context.sendOne('MDTM /d/a file.txt')).toMatchObject({ code: 213, lines: ['20010203040506'] });
    const mlst = await context.sendOne('MLST a file.txt');
    expect(mlst.lines.join('\n')).toContain('modify=20010203040506;');
  });

  it('keeps a fraction of a second when the storage does', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f', 'x');
    expect((await context.sendOne('MFMT 20010203040506.25 f')).lines).toEqual(['Modify=20010203040506; f']);
    expect((await context.storage.stat('/f')).mtime).toEqual(new Date('2001-02-03T04:05:06.250Z'));
  });

  it.each(['', '20010203040506', 'yesterday f', '2001020304050 f', '20011301000000 f', '20010203040506.x f'])(
    'answers 501 for %j and changes nothing',
    async (arg) => {
      const context = new FakeContext();
      await putFile(context.storage, '/f', 'x');
      const before = (await context.storage.stat('/f')).mtime;
      expect((await context.sendOne(`MFMT ${arg}`.trim())).code).toBe(501);
      expect((await context.storage.stat('/f')).mtime).toEqual(before);
    },
  );

  it('answers 550 for a missing file and for a directory', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/d');
    expect((await context.sendOne('MFMT 20010203040506 nope')).code).toBe(550);
    expect((await context.sendOne('MFMT 20010203040506 d')).code).toBe(550);
    expect((await context.sendOne('MFMT 20010203040506 /')).code).toBe(550);
  });

  it('needs the write permission (550)', async () => {
    const context = new FakeContext({ permissions: ['list', 'read'] });
    await putFile(context.storage, '/f', 'x');
    const before = (await context.storage.stat('/f')).mtime;
    expect((await context.sendOne('MFMT 20010203040506 f')).code).toBe(550);
    expect((await context.storage.stat('/f')).mtime).toEqual(before);
  });

  it('answers 502 when the storage cannot set times', async () => {
    const context = new FakeContext({ storage: new FixedTimesDriver() });
    await putFile(context.storage, '/f', 'x');
    expect((await context.sendOne('MFMT 20010203040506 f')).code).toBe(502);
  });

  it('needs a login (530)', async () => {
    expect((await new FakeContext({ loggedIn: false }).sendOne('MFMT 20010203040506 f')).code).toBe(530);
  });
});
