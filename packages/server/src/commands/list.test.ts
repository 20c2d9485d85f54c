import { beforeEach, describe, expect, it } from 'vitest';
import { FakeContext, runTransfer } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

async function listing(context: FakeContext): Promise<string[]> {
  const { sent } = await runTransfer(context.transfers.last);
  const text = sent.toString('utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n');
}

describe('LIST', () => {
  let context: FakeContext;
  beforeEach(async () => {
    context = new FakeContext();
    await context.storage.mkdir('/d');
    await context.storage.mkdir('/d/sub');
    await putFile(context.storage, '/d/a.txt', 'hello');
  });

  it('starts a listing transfer whose lines are `ls -l` style, CRLF-terminated', async () => {
    expect(await context.send('LIST d')).toEqual([]);
    const request = context.transfers.last;
    expect(request).toMatchObject({ command: 'LIST', path: '/d', kind: 'listing', direction: 'download' });
    expect(request.opening).toBe('Opening ASCII mode data connection for file list.');
    const lines = await listing(context);
    expect(lines).toHaveLength(2);
    expect(lines.find((line) => line.endsWith(' a.txt'))).toMatch(/^-rw-r--r-- 1 ftp ftp +5 [A-Z][a-z]{2} \d\d \d\d:\d\d a\.txt$/);
    expect(lines.find((line) => line.endsWith(' sub'))).toMatch(/^drwxr-xr-x 1 ftp ftp +0 /);
  });

  it('lists the working directory without an argument and drops ls options like -la', async () => {
    context.state.cwd = '/d';
    await context.send('LIST');
    expect(context.transfers.last.path).toBe('/d');
    await context.send('LIST -la');
    expect(context.transfers.last.path).toBe('/d');
    await context.send('LIST -l -a sub');
    expect(context.transfers.last.path).toBe('/d/sub');
    expect((await runTransfer(context.transfers.last)).sent).toHaveLength(0);
  });

  it('lists a single file as one line', async () => {
    await context.send('LIST /d/a.txt');
    const lines = await listing(context);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ a\.txt$/);
  });

  it('answers 550 for a missing path before any transfer starts', async () => {
    expect((await context.sendOne('LIST nope')).code).toBe(550);
    expect(context.transfers.started).toHaveLength(0);
  });

  it('needs a login and the list permission', async () => {
    expect((await new FakeContext({ loggedIn: false }).sendOne('LIST')).code).toBe(530);
    const reader = new FakeContext({ permissions: ['read'] });
    expect((await reader.sendOne('LIST')).code).toBe(550);
    expect(reader.transfers.started).toHaveLength(0);
  });

  it('lists only the entries matching a wildcard in the last segment, by name', async () => {
    await putFile(context.storage, '/d/b.csv', '12');
    await putFile(context.storage, '/d/c.csv', '345');
    await context.send('LIST d/*.csv');
    expect(context.transfers.last.path).toBe('/d');
    const lines = await listing(context);
    expect(lines.map((line) => line.split(' ').at(-1)).sort()).toEqual(['b.csv', 'c.csv']);
    await context.send('LIST -la d/?.txt');
    expect((await listing(context)).map((line) => line.split(' ').at(-1))).toEqual(['a.txt']);
  });
});
