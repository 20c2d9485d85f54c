import { describe, expect, it } from 'vitest';
import { MemoryDriver, type Capabilities } from '@bucketftp/storage';
import { FakeContext, runTransfer } from '../testing/fake-context.js';
import { patternBytes, putFile, readFile } from '../testing/files.js';

class NoResumeDriver extends MemoryDriver {
  override readonly capabilities: Capabilities = { append: false, resume: false, renameDirectories: true, setModified: true };
}

describe('STOR', () => {
  it('creates a file from the bytes received in TYPE I', async () => {
    const context = new FakeContext();
    const content = patternBytes(70_000, 2);
    await context.send('TYPE I');
    expect(await context.send('STOR new.bin')).toEqual([]);
    const request = context.transfers.last;
    expect(request).toMatchObject({ command: 'STOR', path: '/new.bin', kind: 'file', direction: 'upload' });
    expect(request.opening).toBe('Opening BINARY mode data connection for new.bin.');
    await runTransfer(request, [content.subarray(0, 30_000), content.subarray(30_000)]);
    expect((await readFile(context.storage, '/new.bin')).equals(content)).toBe(true);
  });

  it('replaces an existing file', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f', 'old content');
    await context.send('TYPE I');
    await context.send('STOR f');
    await runTransfer(context.transfers.last, ['new']);
    expect((await readFile(context.storage, '/f')).toString()).toBe('new');
  });

  it('resumes at the REST offset: the bytes before it are kept (RFC 3659 §5)', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f', 'abcdef');
    await context.send('TYPE I');
    await context.send('REST 3');
    await context.send('STOR f');
    await runTransfer(context.transfers.last, ['XYZ']);
    expect((await readFile(context.storage, '/f')).toString()).toBe('abcXYZ');
    expect(context.state.restOffset).toBe(0);
  });

  it('turns CRLF into LF in TYPE A, also across chunk boundaries (RFC 959 §3.1.1.1)', async () => {
    const context = new FakeContext();
    await context.send('STOR t.txt');
    expect(context.transfers.last.opening).toBe('Opening ASCII mode data connection for t.txt.');
    await runTransfer(context.transfers.last, ['one\r\ntwo\r', '\nthree\r\n']);
    expect((await readFile(context.storage, '/t.txt')).toString()).toBe('one\ntwo\nthree\n');
  });

  it('under `discard`, a failed upload leaves the previous file as it was', async () => {
    const context = new FakeContext({ partialUploads: 'discard' });
    await putFile(context.storage, '/f', 'previous');
    await context.send('TYPE I');
    await context.send('STOR f');
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    await expect(runTransfer(context.transfers.last, ['partial'], { failWith: reset })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await readFile(context.storage, '/f')).toString()).toBe('previous');
  });

  it('under `keep`, a failed upload commits the bytes received', async () => {
    const context = new FakeContext({ partialUploads: 'keep' });
    await putFile(context.storage, '/f', 'previous');
    await context.send('TYPE I');
    await context.send('STOR f');
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    await expect(runTransfer(context.transfers.last, ['partial'], { failWith: reset })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await readFile(context.storage, '/f')).toString()).toBe('partial');
  });

  it('stops and commits nothing when the transfer is aborted', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f', 'previous');
    await context.send('STOR f');
    const abort = new AbortController();
    abort.abort();
    await expect(runTransfer(context.transfers.last, ['new'], { signal: abort.signal })).rejects.toMatchObject({ kind: 'aborted' });
    expect((await readFile(context.storage, '/f')).toString()).toBe('previous');
  });

  it('answers 504 to a resume the storage cannot do', async () => {
    const context = new FakeContext({ storage: new NoResumeDriver() });
    await context.send('REST 3');
    expect((await context.sendOne('STOR f')).code).toBe(504);
    expect(context.transfers.started).toHaveLength(0);
  });

  it('needs the write permission', async () => {
    const context = new FakeContext({ permissions: ['list', 'read'] });
    expect((await context.sendOne('STOR f')).code).toBe(550);
    expect(context.transfers.started).toHaveLength(0);
  });
});
