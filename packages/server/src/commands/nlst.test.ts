import { beforeEach, describe, expect, it } from 'vitest';
import { FakeContext, runTransfer } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

describe('NLST', () => {
  let context: FakeContext;
  beforeEach(async () => {
    context = new FakeContext();
    await context.storage.mkdir('/d');
    await context.storage.mkdir('/d/sub');
    await putFile(context.storage, '/d/a.txt', 'hello');
  });

  it('sends the names only, one per CRLF-terminated line', async () => {
    expect(await context.send('NLST d')).toEqual([]);
    expect(context.transfers.last).toMatchObject({ command: 'NLST', path: '/d', kind: 'listing', direction: 'download' });
    const { sent } = await runTransfer(context.transfers.last);
    expect(sent.toString().split('\r\n').sort()).toEqual(['', 'a.txt', 'sub']);
  });

  it('drops ls options', async () => {
    context.state.cwd = '/d';
    await context.send('NLST -a');
    expect(context.transfers.last.path).toBe('/d');
  });

  it('answers 550 for a missing path before any transfer starts', async () => {
    expect((await context.sendOne('NLST nope')).code).toBe(550);
    expect(context.transfers.started).toHaveLength(0);
  });
});
