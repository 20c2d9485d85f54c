import { describe, expect, it } from 'vitest';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

describe('SIZE', () => {
  it('answers 213 with the size in bytes (RFC 3659 §4)', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f.bin', Buffer.alloc(1234));
    expect(await context.sendOne('SIZE f.bin')).toMatchObject({ code: 213, lines: ['1234'] });
  });

  it('answers 550 for a directory and a missing file', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/d');
    expect((await context.sendOne('SIZE d')).code).toBe(550);
    expect((await context.sendOne('SIZE nope')).code).toBe(550);
  });
});
