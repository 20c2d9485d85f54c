import { describe, expect, it } from 'vitest';
import { MemoryDriver, type WriteOptions, type WriteResult } from '@bucketftp/storage';
import { FakeContext, runTransfer } from '../testing/fake-context.js';

class RecordingDriver extends MemoryDriver {
  readonly writes: (WriteOptions | undefined)[] = [];

  override write(path: string, source: AsyncIterable<Uint8Array>, options?: WriteOptions): Promise<WriteResult> {
    this.writes.push(options);
    return super.write(path, source, options);
  }
}

describe('ALLO', () => {
  it('answers 202: no allocation is needed (RFC 959 §4.1.3)', async () => {
    expect((await new FakeContext().sendOne('ALLO 1000')).code).toBe(202);
  });

  it('passes the size to the next upload as its sizeHint, once', async () => {
    const driver = new RecordingDriver();
    const context = new FakeContext({ storage: driver });
    await context.send('TYPE I');
    await context.send('ALLO 5000 R 100');
    await context.send('STOR a');
    await runTransfer(context.transfers.last, ['x']);
    await context.send('STOR b');
    await runTransfer(context.transfers.last, ['y']);
    expect(driver.writes.map((options) => options?.sizeHint)).toEqual([5000, undefined]);
  });

  it('needs an argument', async () => {
    expect((await new FakeContext().sendOne('ALLO')).code).toBe(501);
  });
});
