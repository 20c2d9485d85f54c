import { describe, expect, it } from 'vitest';
import { formatMdtm } from '@bucketftp/protocol';
import { FakeContext } from '../testing/fake-context.js';
import { putFile } from '../testing/files.js';

describe('MDTM', () => {
  it('answers 213 YYYYMMDDHHMMSS in UTC (RFC 3659 §3)', async () => {
    const context = new FakeContext();
    await putFile(context.storage, '/f', 'x');
    const { mtime } = await context.storage.stat('/f');
    const reply = await context.sendOne('MDTM f');
    expect(reply).toMatchObject({ code: 213, lines: [formatMdtm(mtime!)] });
    expect(reply.lines[0]).toMatch(/^\d{14}$/);
  });

  it('answers 550 for a directory and a missing file', async () => {
    const context = new FakeContext();
    await context.storage.mkdir('/d');
    expect((await context.sendOne('MDTM d')).code).toBe(550);
    expect((await context.sendOne('MDTM nope')).code).toBe(550);
  });
});
