import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

const LIST_LINE = /^[-d]rw[-x]r-[-x]r-[-x] 1 ftp ftp +\d+ [A-Z][a-z]{2} \d\d ( \d{4}|\d\d:\d\d) .+$/;

async function seeded(): Promise<FakeContext> {
  const context = new FakeContext();
  await context.storage.mkdir('/d');
  await context.storage.mkdir('/d/sub');
  await putFile(context.storage, '/d/a.txt', 'hello');
  return context;
}

describe('STAT', () => {
  it('without an argument reports the session status (211)', async () => {
    const context = new FakeContext();
    const reply = await context.sendOne('STAT');
    expect(reply.code).toBe(211);
    expect(reply.lines).toEqual([
      'testftp FTP server status:',
      'Connected to 127.0.0.1:21',
      'Connected from 127.0.0.1:40000',
      'Logged in as alice',
      'TYPE: ASCII; STRUcture: File; MODE: Stream',
      'No data connection.',
      'End of status.',
    ]);
  });

  it('says what TLS protects where TLS is offered', async () => {
    const plain = await new FakeContext({ security: { available: true } }).sendOne('STAT');
    expect(plain.lines).toContain('Control connection: clear; data connections: PROT C');
    const secured = new FakeContext({ security: { available: true, secured: true } });
    await secured.send('PBSZ 0');
    await secured.send('PROT P');
    expect((await secured.sendOne('STAT')).lines).toContain('Control connection: TLS; data connections: PROT P');
  });

  it('works before login', async () => {
    const reply = await new FakeContext({ loggedIn: false }).sendOne('STAT');
    expect(reply.code).toBe(211);
    expect(reply.lines).toContain('Not logged in');
  });

  it('reports the running transfer', async () => {
    const context = new FakeContext();
    context.transfers.current = { command: 'RETR', path: '/big.bin', bytes: 4096, bufferedBytes: 0 };
    const reply = await context.sendOne('STAT');
    expect(reply.lines).toContain('Transferring (RETR) /big.bin: 4096 bytes so far');
  });

  it('with a path streams a listing on the control connection (213)', async () => {
    const context = await seeded();
    const reply = await context.sendOne('STAT /d');
    expect(reply).toMatchObject({ code: 213, style: 'stream' });
    expect(reply.lines[0]).toBe('Status of /d:');
    expect(reply.lines.at(-1)).toBe('End of status.');
    const body = reply.lines.slice(1, -1);
    expect(body).toHaveLength(2);
    for (const line of body) expect(line).toMatch(LIST_LINE);
    expect(body.find((line) => line.endsWith(' a.txt'))).toMatch(/^-rw-r--r-- 1 ftp ftp +5 /);
    expect(body.find((line) => line.endsWith(' sub'))).toMatch(/^drwxr-xr-x /);
  });

  it('with a path waits for a running transfer first, so its replies cannot land inside the listing', async () => {
    const context = await seeded();
    context.transfers.current = { command: 'RETR', path: '/big.bin', bytes: 1, bufferedBytes: 0 };
    expect((await context.sendOne('STAT /d')).code).toBe(213);
    expect(context.transfers.idleWaits).toBe(1);
  });

  it('lists a single file and drops ls options', async () => {
    const context = await seeded();
    const reply = await context.sendOne('STAT -la d/a.txt');
    expect(reply.lines[0]).toBe('Status of /d/a.txt:');
    expect(reply.lines.slice(1, -1)).toHaveLength(1);
    expect(reply.lines[1]).toMatch(/ a\.txt$/);
  });

  it('answers 550 for a missing path', async () => {
    expect((await (await seeded()).sendOne('STAT /nope')).code).toBe(550);
  });

  it('needs a login and the list permission for a path', async () => {
    expect((await new FakeContext({ loggedIn: false }).sendOne('STAT /')).code).toBe(530);
    expect((await new FakeContext({ permissions: ['read'] }).sendOne('STAT /')).code).toBe(550);
  });
});
