import type { Bucket } from '@google-cloud/storage';
import { expectFailedRenameLeavesStoreAsItWas } from '@bucketftp/storage/conformance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunksOf, textOf } from './data.fixture.js';
import { driverOn, emptyBucket, objectNames, useProxiedGcsEmulator } from './emulator.fixture.js';
import type { SeenRequest } from './fault-proxy.fixture.js';
import type { GcsDriver } from './gcs-driver.js';

const gcs = useProxiedGcsEmulator();
const FILES = 23;

let driver: GcsDriver;
let bucket: Bucket;

beforeEach(async () => {
  ({ driver, bucket } = await driverOn(gcs, { listPageSize: 5, renameConcurrency: 4 }));
  await driver.mkdir('/src');
  await driver.mkdir('/src/sub');
  for (let index = 0; index < FILES; index++) {
    await driver.write(`/src/${index % 2 ? 'sub/' : ''}f${index}`, chunksOf(`content ${index}`));
  }
});

afterEach(async () => {
  gcs.proxy().failWhen(undefined);
  await emptyBucket(bucket);
});

const isCopyOf = (name: string) => (request: SeenRequest) =>
  request.method === 'POST' && request.url.includes(`/o/${name}/rewriteTo/`);

describe('rename of a directory', () => {
  it('moves every object below it across listing pages', async () => {
    const before = await objectNames(bucket, 'src/');
    await driver.rename('/src', '/dst');
    expect(await objectNames(bucket, 'src/')).toEqual([]);
    expect(await objectNames(bucket, 'dst/')).toEqual(before.map((name) => name.replace(/^src\//, 'dst/')));
    expect(await textOf(await driver.read('/dst/sub/f7'))).toBe('content 7');
  });

  it('deletes no original before every copy exists, and each original only at the copied generation', async () => {
    const log = gcs.proxy().requests;
    const first = log.length;
    await driver.rename('/src', '/dst');
    const requests = log.slice(first);
    const lastCopy = requests.findLastIndex((request) => request.url.includes('/rewriteTo/'));
    const firstDelete = requests.findIndex((request) => request.method === 'DELETE');
    expect(lastCopy).toBeGreaterThan(0);
    expect(firstDelete).toBeGreaterThan(lastCopy);
    const deletes = requests.filter((request) => request.method === 'DELETE');
    expect(deletes).toHaveLength(FILES + 2);
    for (const request of deletes) expect(request.url).toMatch(/ifGenerationMatch=\d+/);
  });

  it('on a failed copy removes the copies, leaves the source as it was and says how many were copied', async () => {
    gcs.proxy().failWhen((request) => (isCopyOf('src/sub/f13')(request) ? { status: 403 } : undefined));
    const copied = await expectFailedRenameLeavesStoreAsItWas({
      driver,
      from: '/src',
      to: '/dst',
      kind: 'permission',
      storedNames: () => objectNames(bucket),
    });
    expect(copied).toBeGreaterThan(0);
  });

  it('on a failed delete keeps every byte and says how many originals were removed', async () => {
    gcs.proxy().failWhen((request) => (request.method === 'DELETE' && request.url.includes('/o/src/f4?') ? { status: 503 } : undefined));
    const error = await driver.rename('/src', '/dst').catch((failure: unknown) => failure);
    expect(error).toMatchObject({ name: 'StorageError', kind: 'unavailable' });
    expect((error as Error).message).toMatch(/was copied to \/dst \(25 objects\) but only \d+ originals were removed/);
    expect(await textOf(await driver.read('/src/f4'))).toBe('content 4');
    expect(await textOf(await driver.read('/dst/f4'))).toBe('content 4');
  });
});

describe('rename of a file', () => {
  it('copies the generation it looked up and deletes only that generation', async () => {
    const [metadata] = await bucket.file('src/f0').getMetadata();
    const log = gcs.proxy().requests;
    const first = log.length;
    await driver.rename('/src/f0', '/moved');
    const requests = log.slice(first);
    expect(requests.find(isCopyOf('src/f0'))?.url).toContain(`sourceGeneration=${String(metadata.generation)}`);
    expect(requests.find((request) => request.method === 'DELETE')?.url).toContain(`ifGenerationMatch=${String(metadata.generation)}`);
    expect(await textOf(await driver.read('/moved'))).toBe('content 0');
  });
});
