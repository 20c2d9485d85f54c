import { MemoryDriver, type Entry, type ListOptions } from '@bucketftp/storage';
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

  it('asks the storage for names only (no per-file lookups), where LIST and MLSD do not', async () => {
    const asked: [string, boolean | undefined][] = [];
    class RecordingDriver extends MemoryDriver {
      override list(path: string, options: ListOptions = {}): AsyncGenerator<Entry, void, undefined> {
        asked.push([path, options.namesOnly]);
        return super.list(path, options);
      }
    }
    const recording = new FakeContext({ storage: new RecordingDriver() });
    await recording.storage.mkdir('/d');
    for (const verb of ['NLST', 'LIST', 'MLSD']) {
      await recording.send(`${verb} d`);
      await runTransfer(recording.transfers.last);
    }
    expect(asked).toEqual([
      ['/d', true],
      ['/d', false],
      ['/d', false],
    ]);
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

  describe('with a wildcard in the last segment', () => {
    beforeEach(async () => {
      await putFile(context.storage, '/d/b.csv', '1');
      await putFile(context.storage, '/d/c.csv', '2');
      await putFile(context.storage, '/d/c.csv.bak', '3');
      await putFile(context.storage, '/d/log1.bin', '4');
      await putFile(context.storage, '/d/log22.bin', '5');
    });

    async function names(line: string): Promise<string[]> {
      expect(await context.send(line)).toEqual([]);
      const { sent } = await runTransfer(context.transfers.last);
      return sent.toString().split('\r\n').filter((name) => name !== '').sort();
    }

    it('lists the matching names of the directory', async () => {
      context.state.cwd = '/d';
      expect(await names('NLST *.csv')).toEqual(['b.csv', 'c.csv']);
      expect(context.transfers.last.path).toBe('/d');
      expect(await names('NLST log?.bin')).toEqual(['log1.bin']);
      expect(await names('NLST [!bc]*')).toEqual(['a.txt', 'log1.bin', 'log22.bin', 'sub']);
      expect(await names('NLST [^a-b]*.csv')).toEqual(['c.csv']);
      expect(await names('NLST -l *.csv')).toEqual(['b.csv', 'c.csv']);
    });

    it('puts the directory as typed before each name', async () => {
      expect(await names('NLST d/*.csv')).toEqual(['d/b.csv', 'd/c.csv']);
      expect(await names('NLST /d/*.csv')).toEqual(['/d/b.csv', '/d/c.csv']);
      context.state.cwd = '/d/sub';
      expect(await names('NLST ../c*')).toEqual(['../c.csv', '../c.csv.bak']);
    });

    it('answers an empty listing (226) when nothing matches', async () => {
      expect(await names('NLST d/*.xyz')).toEqual([]);
    });

    it('lists a file whose name really has a wildcard by that name, not as a pattern', async () => {
      await putFile(context.storage, '/d/*.csv', 'literal');
      expect(await names('NLST d/*.csv')).toEqual(['*.csv']);
    });

    it('takes wildcards in earlier segments literally (550 when no such directory)', async () => {
      expect((await context.sendOne('NLST d*/a.txt')).code).toBe(550);
      expect((await context.sendOne('NLST nope/*.csv')).code).toBe(550);
      expect((await context.sendOne('NLST d/a.txt/*')).code).toBe(550);
      expect(context.transfers.started).toHaveLength(0);
    });
  });
});
