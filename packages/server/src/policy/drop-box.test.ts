/** The drop-box rules as the verb handlers apply them (FakeContext: real dispatcher, memory storage). */
import { describe, expect, it } from 'vitest';
import { isStorageError } from '@bucketftp/storage';
import { FakeContext, runTransfer } from '../testing/fake-context.js';
import { putFile, readFile } from '../testing/files.js';
import { FilePolicy, type FileRules } from './file-policy.js';

function dropBox(rules: FileRules, options: { partialUploads?: 'keep' | 'discard' } = {}): FakeContext {
  return new FakeContext({ files: new FilePolicy(rules), ...options });
}

async function listingOf(context: FakeContext, line: string): Promise<string[]> {
  expect(await context.send(line)).toEqual([]);
  const { sent } = await runTransfer(context.transfers.last);
  return sent.toString('utf8').split('\r\n').filter((entry) => entry !== '');
}

async function listed(context: FakeContext, line: string): Promise<string[]> {
  return (await listingOf(context, line)).map((entry) => entry.split(/[ ;]/).at(-1) ?? '').sort();
}

describe('allowedNames and deniedNames', () => {
  it('refuses STOR, APPE and STOU of a name not allowed with 553 before any data connection', async () => {
    const context = dropBox({ allowedNames: ['*.csv'], deniedNames: ['draft*'] });
    for (const line of ['STOR a.exe', 'APPE b.txt', 'STOR draft.csv', 'STOU']) {
      expect((await context.sendOne(line)).code, line).toBe(553);
    }
    expect(context.transfers.started).toHaveLength(0);
    expect(await context.send('STOR report.csv')).toEqual([]);
    expect(context.transfers.last).toMatchObject({ command: 'STOR', path: '/report.csv' });
  });

  it('refuses RNTO of a file to a name not allowed with 553, and leaves it where it was', async () => {
    const context = dropBox({ allowedNames: ['*.csv'] });
    await putFile(context.storage, '/a.csv', 'data');
    await context.storage.mkdir('/folder');
    expect((await context.sendOne('RNFR a.csv')).code).toBe(350);
    expect((await context.sendOne('RNTO a.exe')).code).toBe(553);
    expect((await readFile(context.storage, '/a.csv')).toString()).toBe('data');
    // The rules are about file names: a folder may still be renamed.
    await context.send('RNFR folder');
    expect((await context.sendOne('RNTO renamed')).code).toBe(250);
  });
});

describe('overwrite: false', () => {
  it('refuses STOR, APPE and REST+STOR onto an existing file with 550, and the file stays', async () => {
    const context = dropBox({ overwrite: false });
    await putFile(context.storage, '/f', 'original');
    await context.send('TYPE I');
    expect((await context.sendOne('STOR f')).code).toBe(550);
    expect((await context.sendOne('APPE f')).code).toBe(550);
    await context.send('REST 3');
    expect((await context.sendOne('STOR f')).code).toBe(550);
    expect(context.transfers.started).toHaveLength(0);
    expect((await readFile(context.storage, '/f')).toString()).toBe('original');
  });

  it('lets STOR and APPE create new files, and STOU always', async () => {
    const context = dropBox({ overwrite: false });
    await putFile(context.storage, '/f', 'original');
    expect(await context.send('STOR new')).toEqual([]);
    expect(await context.send('APPE newer')).toEqual([]);
    expect(await context.send('STOU f')).toEqual([]);
    expect(context.transfers.started.map((request) => request.command)).toEqual(['STOR', 'APPE', 'STOU']);
  });

  it('refuses RNTO onto an existing file with 550; onto a free name it renames', async () => {
    const context = dropBox({ overwrite: false });
    await putFile(context.storage, '/a', 'A');
    await putFile(context.storage, '/b', 'B');
    await context.send('RNFR a');
    expect((await context.sendOne('RNTO b')).code).toBe(550);
    expect((await readFile(context.storage, '/b')).toString()).toBe('B');
    await context.send('RNFR a');
    expect((await context.sendOne('RNTO c')).code).toBe(250);
  });
});

describe('hidden', () => {
  async function seeded(): Promise<FakeContext> {
    const context = dropBox({ hidden: ['.*', '*.part'] });
    await putFile(context.storage, '/visible.txt', 'v');
    await putFile(context.storage, '/.env', 'SECRET=1');
    await putFile(context.storage, '/upload.part', 'p');
    await context.storage.mkdir('/.git');
    await putFile(context.storage, '/.git/config', 'c');
    return context;
  }

  it('leaves hidden entries out of LIST, NLST, MLSD and STAT', async () => {
    const context = await seeded();
    expect(await listed(context, 'LIST')).toEqual(['visible.txt']);
    expect(await listed(context, 'LIST -a')).toEqual(['visible.txt']);
    expect(await listed(context, 'NLST')).toEqual(['visible.txt']);
    expect(await listed(context, 'NLST *')).toEqual(['visible.txt']);
    expect(await listed(context, 'MLSD')).toEqual(['visible.txt']);
    const stat = await context.sendOne('STAT /');
    expect(stat.lines.join('\n')).toContain('visible.txt');
    expect(stat.lines.join('\n')).not.toMatch(/\.env|\.git|upload\.part/);
  });

  it('answers 550 to every command naming a hidden entry or a path through one', async () => {
    const context = await seeded();
    const commands = [
      ...['RETR .env', 'SIZE .env', 'MDTM .env', 'MLST .env', 'STAT .env', 'HASH .env', 'RNFR .env', 'DELE upload.part'],
      ...['CWD .git', 'RETR .git/config', 'LIST .git', 'NLST .git', 'MLSD .git', 'RMD .git'],
      ...['STOR .htaccess', 'APPE x.part', 'MKD .hidden'],
    ];
    for (const line of commands) expect((await context.sendOne(line)).code, line).toBe(550);
    expect(context.transfers.started).toHaveLength(0);
    await context.send('RNFR visible.txt');
    expect((await context.sendOne('RNTO .visible')).code).toBe(550);
    expect((await readFile(context.storage, '/.env')).toString()).toBe('SECRET=1');
  });

  it('answers a hidden name exactly like a missing one', async () => {
    const context = await seeded();
    expect(await context.sendOne('SIZE .env')).toEqual(await context.sendOne('SIZE missing'));
  });
});

describe('maxFileSize', () => {
  it('lets an upload of exactly the limit through', async () => {
    const context = dropBox({ maxFileSize: 10 });
    await context.send('TYPE I');
    await context.send('STOR f');
    await runTransfer(context.transfers.last, ['12345', '67890']);
    expect((await readFile(context.storage, '/f')).toString()).toBe('1234567890');
  });

  it.each(['discard', 'keep'] as const)('fails an upload past the limit with quota and commits nothing (partialUploads %s)', async (partialUploads) => {
    const context = dropBox({ maxFileSize: 10 }, { partialUploads });
    await putFile(context.storage, '/f', 'previous');
    await context.send('TYPE I');
    await context.send('STOR f');
    const failed = await runTransfer(context.transfers.last, ['123456', '78901']).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStorageError(failed, 'quota')).toBe(true);
    expect((await readFile(context.storage, '/f')).toString()).toBe('previous');
    await context.send('STOR g');
    await runTransfer(context.transfers.last, ['x'.repeat(11)]).catch(() => undefined);
    await expect(context.storage.stat('/g')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('counts the bytes as stored: CRLF turned into LF in TYPE A', async () => {
    const context = dropBox({ maxFileSize: 6 });
    await context.send('STOR t.txt');
    await runTransfer(context.transfers.last, ['ab\r\ncd\r\n']);
    expect((await readFile(context.storage, '/t.txt')).toString()).toBe('ab\ncd\n');
  });

  it('counts what APPE and REST+STOR keep of the existing file', async () => {
    const context = dropBox({ maxFileSize: 10 });
    await putFile(context.storage, '/f', '123456');
    await context.send('TYPE I');
    await context.send('APPE f');
    expect(context.transfers.last).toMatchObject({ maxBytes: 4 });
    await expect(runTransfer(context.transfers.last, ['abcde'])).rejects.toMatchObject({ kind: 'quota' });
    expect((await readFile(context.storage, '/f')).toString()).toBe('123456');
    await context.send('REST 2');
    await context.send('STOR f');
    expect(context.transfers.last).toMatchObject({ maxBytes: 8 });
  });

  it('answers 552 before any data connection to a REST offset or an ALLO size past the limit', async () => {
    const context = dropBox({ maxFileSize: 10 });
    await putFile(context.storage, '/f', 'x'.repeat(12));
    await context.send('TYPE I');
    await context.send('REST 11');
    expect((await context.sendOne('STOR f')).code).toBe(552);
    expect((await context.sendOne('APPE f')).code).toBe(552);
    expect((await context.sendOne('ALLO 11')).code).toBe(202);
    expect((await context.sendOne('STOR g')).code).toBe(552);
    expect(context.transfers.started).toHaveLength(0);
    await context.sendOne('ALLO 10');
    expect(await context.send('STOR g')).toEqual([]);
  });
});
