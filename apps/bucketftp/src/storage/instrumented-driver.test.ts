import { MemoryDriver, StorageError, type StorageDriver } from '@bucketftp/storage';
import { describeStorageDriver } from '@bucketftp/storage/conformance';
import { describe, expect, it } from 'vitest';
import { errorKind, InstrumentedDriver, type OperationReport, type StorageRecorder } from './instrumented-driver.js';

const ignore: StorageRecorder = { operation: () => undefined, lateError: () => undefined };

describeStorageDriver('instrumented memory', async () => ({ driver: new InstrumentedDriver(new MemoryDriver(), ignore) }));

function recording() {
  const operations: OperationReport[] = [];
  const late: unknown[] = [];
  const recorder: StorageRecorder = { operation: (report) => void operations.push(report), lateError: ({ error }) => void late.push(error) };
  return { operations, late, recorder };
}

async function* bytes(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

describe('InstrumentedDriver', () => {
  it('reports each operation with the driver kind and its failure', async () => {
    const { operations, recorder } = recording();
    const driver = new InstrumentedDriver(new MemoryDriver(), recorder);
    await driver.mkdir('/d');
    await driver.write('/d/f', bytes('abc'));
    await driver.stat('/d/f');
    await expect(driver.stat('/missing')).rejects.toThrow(StorageError);
    for await (const entry of driver.list('/d')) expect(entry.name).toBe('f');
    await driver.ping();
    expect(operations.map(({ driver: kind, operation, error }) => [kind, operation, error === undefined ? 'ok' : errorKind(error)])).toEqual([
      ['memory', 'mkdir', 'ok'],
      ['memory', 'write', 'ok'],
      ['memory', 'stat', 'ok'],
      ['memory', 'stat', 'not-found'],
      ['memory', 'list', 'ok'],
      ['memory', 'ping', 'ok'],
    ]);
    expect(operations.every((report) => report.seconds >= 0)).toBe(true);
  });

  it('times a write from the end of its source, not from its start', async () => {
    const { operations, recorder } = recording();
    const driver = new InstrumentedDriver(new MemoryDriver(), recorder);
    let sourceEnded = 0;
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      yield new Uint8Array([2]);
      sourceEnded = performance.now();
    }
    await driver.write('/f', slow());
    const sinceSourceEnded = (performance.now() - sourceEnded) / 1000;
    // Timed from the start, the write would include the source's 100 ms pause and exceed this.
    expect(operations.find((report) => report.operation === 'write')?.seconds).toBeLessThanOrEqual(sinceSourceEnded);
  });

  it('counts a listing that fails after its first entry as a late error', async () => {
    const { operations, late, recorder } = recording();
    const breaking: StorageDriver = Object.assign(new MemoryDriver(), {
      async *list() {
        yield { name: 'a', type: 'file' as const, size: 0 };
        throw new StorageError('unavailable', 'gone');
      },
    });
    const driver = new InstrumentedDriver(breaking, recorder);
    const names: string[] = [];
    await expect(
      (async () => {
        for await (const entry of driver.list('/')) names.push(entry.name);
      })(),
    ).rejects.toThrow('gone');
    expect(names).toEqual(['a']);
    expect(operations).toMatchObject([{ operation: 'list', error: undefined }]);
    expect(late.map(errorKind)).toEqual(['unavailable']);
  });

  it('offers storedHash only when the wrapped driver does', () => {
    const withHash = new InstrumentedDriver(new MemoryDriver(), ignore);
    const plain = new MemoryDriver();
    Object.defineProperty(plain, 'storedHash', { value: undefined });
    expect(withHash.storedHash).toBeTypeOf('function');
    expect(new InstrumentedDriver(plain, ignore).storedHash).toBeUndefined();
  });

  it('times setModified, offered only when the wrapped driver has it', async () => {
    const { operations, recorder } = recording();
    const driver = new InstrumentedDriver(new MemoryDriver(), recorder);
    await driver.write('/f', bytes('x'));
    await driver.setModified?.('/f', new Date(0));
    expect((await driver.stat('/f')).mtime).toEqual(new Date(0));
    expect(operations.map(({ operation }) => operation)).toEqual(['write', 'setModified', 'stat']);
    const plain = new MemoryDriver();
    Object.defineProperty(plain, 'setModified', { value: undefined });
    expect(new InstrumentedDriver(plain, ignore).setModified).toBeUndefined();
  });

  it('names an error that is not a StorageError internal', () => {
    expect(errorKind(new Error('boom'))).toBe('internal');
    expect(errorKind(new StorageError('quota', 'full'))).toBe('quota');
  });
});
