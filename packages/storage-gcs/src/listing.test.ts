import type { Bucket } from '@google-cloud/storage';
import type { Entry } from '@bucketftp/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { chunksOf } from './data.fixture.js';
import { driverOn, emptyBucket, objectNames, useGcsEmulator } from './emulator.fixture.js';
import type { GcsDriver } from './gcs-driver.js';

const gcs = useGcsEmulator();
let used: Bucket | undefined;

afterEach(async () => {
  if (used) await emptyBucket(used);
  used = undefined;
});

async function fresh(options: { listPageSize?: number; prefix?: string } = {}): Promise<{ driver: GcsDriver; bucket: Bucket }> {
  const target = await driverOn(gcs, options);
  used = target.bucket;
  return target;
}

async function names(entries: AsyncIterable<Entry>): Promise<string[]> {
  const all: string[] = [];
  for await (const entry of entries) all.push(`${entry.type}:${entry.name}`);
  return all.sort();
}

const put = (bucket: Bucket, name: string, content = 'x') => bucket.file(name).save(content, { resumable: false });

describe('directories as prefixes', () => {
  it('writes a zero-byte placeholder on mkdir, never lists it, and deletes it on rmdir', async () => {
    const { driver, bucket } = await fresh({ prefix: 'root' });
    await driver.mkdir('/d');
    const [placeholder] = await bucket.file('root/d/').getMetadata();
    expect(Number(placeholder.size)).toBe(0);
    expect(await names(driver.list('/d'))).toEqual([]);
    expect(await names(driver.list('/'))).toEqual(['dir:d']);
    await driver.rmdir('/d');
    expect(await objectNames(bucket)).toEqual([]);
  });

  it('sees a directory that exists only through the objects below it', async () => {
    const { driver, bucket } = await fresh();
    await put(bucket, 'implicit/deeper/file.txt', 'hello');
    expect(await driver.stat('/implicit')).toMatchObject({ type: 'dir', size: 0 });
    expect(await names(driver.list('/implicit'))).toEqual(['dir:deeper']);
    expect(await names(driver.list('/implicit/deeper'))).toEqual(['file:file.txt']);
    await driver.write('/implicit/new.txt', chunksOf('parent exists'));
    await expect(driver.rmdir('/implicit')).rejects.toMatchObject({ kind: 'not-empty' });
  });

  it('hides objects no normalised path can name, and the temporaries folder', async () => {
    const { driver, bucket } = await fresh();
    for (const name of ['d/ok', 'd//double', 'd/./dot', 'd/../up', '.bucketftp-tmp/upload-leftover']) await put(bucket, name);
    expect(await names(driver.list('/d'))).toEqual(['file:ok']);
    expect(await names(driver.list('/'))).toEqual(['dir:d']);
  });

  it('refuses the temporaries folder as a user name', async () => {
    const { driver } = await fresh();
    await expect(driver.mkdir('/.bucketftp-tmp')).rejects.toMatchObject({ kind: 'invalid-name' });
    await expect(driver.stat('/.bucketftp-tmp/x')).rejects.toMatchObject({ kind: 'invalid-name' });
    await expect(driver.write('/.bucketftp-tmp', chunksOf('x'))).rejects.toMatchObject({ kind: 'invalid-name' });
  });
});

describe('pagination', () => {
  it('yields every file and directory exactly once with a small page size', async () => {
    const { driver, bucket } = await fresh({ listPageSize: 3, prefix: 'p' });
    const expected: string[] = [];
    for (let index = 0; index < 17; index++) {
      const name = `n${String(index).padStart(2, '0')}`;
      if (index % 3 === 0) {
        await put(bucket, `p/d/${name}/inner`);
        expected.push(`dir:${name}`);
      } else {
        await put(bucket, `p/d/${name}`);
        expected.push(`file:${name}`);
      }
    }
    await put(bucket, 'p/d/');
    const listed = await names(driver.list('/d'));
    expect(listed).toEqual(expected.sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('can be abandoned between pages', async () => {
    const { driver, bucket } = await fresh({ listPageSize: 2 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) await put(bucket, `d/${name}`);
    const seen: string[] = [];
    for await (const entry of driver.list('/d')) {
      seen.push(entry.name);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});
