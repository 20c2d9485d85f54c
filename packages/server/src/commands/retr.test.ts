import { describe, expect, it } from 'vitest';
import { FakeContext, runTransfer } from '../testing/fake-context.js';
import { patternBytes, putFile } from '../testing/files.js';

describe('RETR', () => {
  it('sends the file as it is in TYPE I, announced with its size', async () => {
    const context = new FakeContext();
    const content = patternBytes(10_000, 1);
    await context.storage.mkdir('/d');
    await putFile(context.storage, '/d/x.bin', content);
    await context.send('TYPE I');
    expect(await context.send('RETR d/x.bin')).toEqual([]);
    const request = context.transfers.last;
    expect(request).toMatchObject({ command: 'RETR', path: '/d/x.bin', kind: 'file', direction: 'download' });
    expect(request.opening).toBe('Opening BINARY mode data connection for x.bin (10000 bytes).');
    expect((await runTransfer(request)).sent.equals(content)).toBe(true);
  });

  it('starts at the REST offset and uses it up (RFC 3659 §5)', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f', '0123456789');
    await context.send('TYPE I');
    expect((await context.sendOne('REST 4')).code).toBe(350);
    await context.send('RETR f');
    expect((await runTransfer(context.transfers.last)).sent.toString()).toBe('456789');
    await context.send('RETR f');
    expect((await runTransfer(context.transfers.last)).sent.toString()).toBe('0123456789');
  });

  it('sends nothing for an offset at the end, and answers 554 for one past it (RFC 3659 §5.5)', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f', '0123456789');
    await context.send('REST 10');
    await context.send('RETR f');
    expect((await runTransfer(context.transfers.last)).sent).toHaveLength(0);
    await context.send('REST 11');
    expect((await context.sendOne('RETR f')).code).toBe(554);
    expect(context.transfers.started).toHaveLength(1);
    expect(context.state.restOffset).toBe(0);
  });

  it('turns LF into CRLF in TYPE A, the default (RFC 959 §3.1.1.1)', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/t.txt', 'one\ntwo\r\nthree\n');
    await context.send('RETR t.txt');
    expect(context.transfers.last.opening).toBe('Opening ASCII mode data connection for t.txt (15 bytes).');
    expect((await runTransfer(context.transfers.last)).sent.toString()).toBe('one\r\ntwo\r\nthree\r\n');
  });

  it('answers 550 for a directory or a missing file, before any transfer', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/d');
    expect((await context.sendOne('RETR d')).code).toBe(550);
    expect((await context.sendOne('RETR nope')).code).toBe(550);
    expect(context.transfers.started).toHaveLength(0);
  });

  it('needs the read permission', async () => {
    const context = new FakeContext({ permissions: ['list'] });
    await putFile(context.storage, '/f', 'x');
    expect((await context.sendOne('RETR f')).code).toBe(550);
    expect(context.transfers.started).toHaveLength(0);
  });
});
