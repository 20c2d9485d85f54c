import { describe, expect, it } from 'vitest';
import { MemoryDriver, type Capabilities } from '@bucketftp/storage';
import { FakeContext, runTransfer } from '../testing/fake-context.js';
import { putFile, readFile } from '../testing/files.js';

class NoAppendDriver extends MemoryDriver {
  override readonly capabilities: Capabilities = { append: false, resume: true, renameDirectories: true, setModified: true };
}

describe('APPE', () => {
  it('appends to an existing file', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f', 'abc');
    await context.send('TYPE I');
    expect(await context.send('APPE f')).toEqual([]);
    expect(context.transfers.last).toMatchObject({ command: 'APPE', path: '/f', direction: 'upload' });
    await runTransfer(context.transfers.last, ['def']);
    expect((await readFile(context.storage, '/f')).toString()).toBe('abcdef');
  });

  it('creates a missing file and ignores a pending REST', async () => {
    const context = new FakeContext();
    await context.send('TYPE I');
    await context.send('REST 5');
    await context.send('APPE g');
    expect(context.state.restOffset).toBe(0);
    await runTransfer(context.transfers.last, ['new']);
    expect((await readFile(context.storage, '/g')).toString()).toBe('new');
  });

  it('answers 504 when the storage cannot append', async () => {
    const context = new FakeContext({ storage: new NoAppendDriver() });
    expect((await context.sendOne('APPE f')).code).toBe(504);
    expect(context.transfers.started).toHaveLength(0);
  });

  it('needs the write permission', async () => {
    expect((await new FakeContext({ permissions: ['read', 'list'] }).sendOne('APPE f')).code).toBe(550);
  });
});
