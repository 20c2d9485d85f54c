import { describe, expect, it } from 'vitest';
import { FakeContext, runTransfer } from '../testing/fake-context.js';
import { readFile } from '../testing/files.js';

describe('STOU', () => {
  it('stores under a new unique name announced as "150 FILE: name" (RFC 1123 §4.1.2.9)', async () => {
    const context = new FakeContext();
    await context.send('TYPE I');
    expect(await context.send('STOU')).toEqual([]);
    const request = context.transfers.last;
    const match = /^FILE: (file\.[0-9a-f]{8})$/.exec(request.opening);
    expect(match).not.toBeNull();
    expect(request).toMatchObject({ command: 'STOU', path: `/${match![1]}`, direction: 'upload' });
    await runTransfer(request, ['payload']);
    expect((await readFile(context.storage, request.path!)).toString()).toBe('payload');
  });

  it('never reuses a name and honours a name prefix', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/d');
    context.state.cwd = '/d';
    const paths = new Set<string>();
    for (let i = 0; i < 20; i++) {
      await context.send('STOU report');
      const request = context.transfers.last;
      expect(request.path).toMatch(/^\/d\/report\.[0-9a-f]{8}$/);
      await runTransfer(request, [`n${i}`]);
      paths.add(request.path!);
    }
    expect(paths.size).toBe(20);
  });

  it('needs the write permission', async () => {
    expect((await new FakeContext({ permissions: ['read'] }).sendOne('STOU')).code).toBe(550);
  });
});
