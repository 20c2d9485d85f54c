/** basic-ftp (the Node client) against the server on the fs driver: login, transfers, listings, file management. */
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, FileType, FTPError } from 'basic-ftp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectClient } from './support/basic-ftp.js';
import { makeTempDir, namesIn, removeDir, sha256File, writePatternFile } from './support/files.js';
import { startTestServer, type TestServer } from './support/server.js';

const FIXED_MTIME = new Date('2021-03-04T05:06:07Z');

describe('basic-ftp', () => {
  let server: TestServer;
  let local: string;
  let client: Client;

  beforeAll(async () => {
    server = await startTestServer();
    local = await makeTempDir('basic-ftp');
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });
  beforeEach(async () => {
    client = await connectClient(server);
  });
  afterEach(() => client?.close());

  it('refuses a wrong password with 530 and accepts the right one', async () => {
    const wrong = new Client(10_000);
    try {
      await expect(wrong.access({ host: server.host, port: server.port, user: server.username, password: 'not-it' })).rejects.toMatchObject({
        code: 530,
      });
    } finally {
      wrong.close();
    }
    expect(await client.pwd()).toBe('/');
  });

  it('uploads and downloads a binary file byte-exact', async () => {
    const source = join(local, 'binary-source.bin');
    await writePatternFile(source, 3 * 1024 * 1024 + 17, 'basic-ftp-binary');
    const expected = await sha256File(source);

    await client.uploadFrom(source, 'binary.bin');
    expect(await sha256File(join(server.root, 'binary.bin'))).toBe(expected);

    const copy = join(local, 'binary-copy.bin');
    await client.downloadTo(copy, 'binary.bin');
    expect(await sha256File(copy)).toBe(expected);
  });

  it('lists names, types and sizes, read from MLSD with exact modification times', async () => {
    const dir = join(server.root, 'listing');
    await writePatternFile(join(dir, 'a.bin'), 1234, 'listing-a');
    await writePatternFile(join(dir, 'sub', 'b.bin'), 10, 'listing-b');
    await utimes(join(dir, 'a.bin'), FIXED_MTIME, FIXED_MTIME);

    const features = await client.features();
    expect(features.has('MLST')).toBe(true);
    const entries = await client.list('/listing');
    // basic-ftp switches to MLSD when FEAT announces MLST and keeps the first command that works.
    expect(client.availableListCommands).toEqual(['MLSD']);
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    expect([...byName.keys()].sort()).toEqual(['a.bin', 'sub']);
    expect(byName.get('a.bin')).toMatchObject({ type: FileType.File, size: 1234 });
    expect(byName.get('a.bin')?.modifiedAt?.toISOString()).toBe(FIXED_MTIME.toISOString());
    expect(byName.get('sub')?.type).toBe(FileType.Directory);
  });

  it('lists with LIST when asked to, in a form the client parses', async () => {
    await writePatternFile(join(server.root, 'plain-list', 'c.bin'), 4321, 'list-c');
    client.availableListCommands = ['LIST -a'];
    const entries = await client.list('/plain-list');
    expect(entries.map((entry) => ({ name: entry.name, type: entry.type, size: entry.size }))).toEqual([
      { name: 'c.bin', type: FileType.File, size: 4321 },
    ]);
  });

  it('creates, renames and deletes files and folders', async () => {
    await client.ensureDir('/manage/inner');
    expect(await client.pwd()).toBe('/manage/inner');
    expect(await namesIn(join(server.root, 'manage'))).toEqual(['inner']);

    await writeFile(join(local, 'note.txt'), 'hello\n');
    await client.uploadFrom(join(local, 'note.txt'), 'note.txt');
    await client.rename('note.txt', '/manage/renamed.txt');
    expect(await namesIn(join(server.root, 'manage', 'inner'))).toEqual([]);
    expect(await namesIn(join(server.root, 'manage'))).toEqual(['inner', 'renamed.txt']);

    await client.cd('/');
    await client.rename('/manage/inner', '/manage/moved');
    expect(await namesIn(join(server.root, 'manage'))).toEqual(['moved', 'renamed.txt']);

    await client.remove('/manage/renamed.txt');
    await expect(client.remove('/manage/renamed.txt')).rejects.toMatchObject({ code: 550 });
    await client.send('RMD /manage/moved');
    expect(await namesIn(join(server.root, 'manage'))).toEqual([]);

    await client.uploadFrom(join(local, 'note.txt'), '/manage/x.txt');
    await expect(client.send('RMD /manage')).rejects.toBeInstanceOf(FTPError);
    await client.removeDir('/manage');
    expect(await namesIn(server.root)).not.toContain('manage');
  });

  it('answers SIZE and MDTM from the stored file', async () => {
    await writePatternFile(join(server.root, 'sized.bin'), 98_765, 'sized');
    await utimes(join(server.root, 'sized.bin'), FIXED_MTIME, FIXED_MTIME);
    expect(await client.size('sized.bin')).toBe(98_765);
    expect((await client.lastMod('sized.bin')).toISOString()).toBe(FIXED_MTIME.toISOString());
    await expect(client.size('missing.bin')).rejects.toMatchObject({ code: 550 });
  });
});
