import type { Bucket } from '@google-cloud/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chunksOf, digestOf, failingAfter, patternChunks, patternDigest, textOf } from './data.fixture.js';
import { driverOn, emptyBucket, expectNoTemporaries, useProxiedGcsEmulator } from './emulator.fixture.js';
import type { SeenRequest } from './fault-proxy.fixture.js';
import type { GcsDriver } from './gcs-driver.js';

const gcs = useProxiedGcsEmulator();
const SIZE = 3 * 1024 * 1024 + 17;
const ADDED = 1_000_003;

let driver: GcsDriver;
let bucket: Bucket;

beforeEach(async () => {
  ({ driver, bucket } = await driverOn(gcs));
});

afterEach(async () => {
  try {
    await expectNoTemporaries(bucket);
  } finally {
    await emptyBucket(bucket);
  }
});

/** The requests the driver makes while `operation` runs. */
async function requestsDuring(operation: () => Promise<unknown>): Promise<SeenRequest[]> {
  const log = gcs.proxy().requests;
  const first = log.length;
  await operation();
  return log.slice(first);
}

function composeSources(requests: SeenRequest[]): string[][] {
  return requests
    .filter((request) => request.method === 'POST' && request.url.includes('/compose'))
    .map((request) => (JSON.parse(request.body ?? '{}') as { sourceObjects: { name: string }[] }).sourceObjects.map((s) => s.name));
}

const mediaReadsOf = (requests: SeenRequest[], name: string) =>
  requests.filter((request) => request.method === 'GET' && request.url.includes(`/o/${name}?`) && request.url.includes('alt=media'));

describe('resume at the current size (the compose path)', () => {
  it('composes the file with the upload, byte-exact, without reading the file back', async () => {
    await driver.write('/big', patternChunks(0, SIZE));
    const requests = await requestsDuring(async () => {
      const result = await driver.write('/big', patternChunks(SIZE, SIZE + ADDED), { mode: { kind: 'resume', offset: SIZE } });
      expect(result).toMatchObject({ size: SIZE + ADDED });
    });
    expect(composeSources(requests)).toEqual([['big', expect.stringMatching(/^\.bucketftp-tmp\/upload-/)]]);
    expect(mediaReadsOf(requests, 'big')).toEqual([]);
    expect(await digestOf(await driver.read('/big'))).toEqual(await patternDigest([0, SIZE + ADDED]));
  });

  it('makes the compose conditional on the generation the upload started from', async () => {
    await driver.write('/f', chunksOf('first'));
    const [metadata] = await bucket.file('f').getMetadata();
    const requests = await requestsDuring(() => driver.write('/f', chunksOf(' second'), { mode: { kind: 'append' } }));
    const compose = requests.find((request) => request.url.includes('/compose'));
    expect(compose?.url).toContain(`ifGenerationMatch=${String(metadata.generation)}`);
    expect(await textOf(await driver.read('/f'))).toBe('first second');
  });

  it('leaves the file untouched when nothing is appended', async () => {
    await driver.write('/f', chunksOf('as it was'));
    const requests = await requestsDuring(() => driver.write('/f', chunksOf(), { mode: { kind: 'append' } }));
    expect(composeSources(requests)).toEqual([]);
    expect(await textOf(await driver.read('/f'))).toBe('as it was');
  });
});

describe('resume before the current size (the head-copy path)', () => {
  it('copies the head with a ranged read into a temporary, then composes it with the upload, byte-exact', async () => {
    const offset = 1_234_567;
    await driver.write('/big', patternChunks(0, SIZE));
    const requests = await requestsDuring(async () => {
      const result = await driver.write('/big', patternChunks(SIZE, SIZE + ADDED), { mode: { kind: 'resume', offset } });
      expect(result).toMatchObject({ size: offset + ADDED });
    });
    expect(composeSources(requests)).toEqual([
      [expect.stringMatching(/^\.bucketftp-tmp\/head-/), expect.stringMatching(/^\.bucketftp-tmp\/upload-/)],
    ]);
    expect(mediaReadsOf(requests, 'big').map((request) => request.range)).toEqual([`bytes=0-${offset - 1}`]);
    expect(await digestOf(await driver.read('/big'))).toEqual(await patternDigest([0, offset], [SIZE, SIZE + ADDED]));
  });

  it('truncates to the offset when nothing follows', async () => {
    await driver.write('/f', chunksOf('0123456789'));
    expect(await driver.write('/f', chunksOf(), { mode: { kind: 'resume', offset: 4 } })).toMatchObject({ size: 4 });
    expect(await textOf(await driver.read('/f'))).toBe('0123');
  });
});

describe('failures on the way', () => {
  it('keeps the file and removes every temporary when the source fails (discard)', async () => {
    await driver.write('/f', chunksOf('original'));
    const error = new Error('connection reset');
    await expect(driver.write('/f', failingAfter(['new'], error), { mode: { kind: 'resume', offset: 3 } })).rejects.toBe(error);
    expect(await textOf(await driver.read('/f'))).toBe('original');
  });

  it('commits the head and the bytes received, then rejects, when the source fails (keep)', async () => {
    await driver.write('/f', chunksOf('original'));
    const error = new Error('connection reset');
    const writing = driver.write('/f', failingAfter(['NEW'], error), { mode: { kind: 'resume', offset: 3 }, partial: 'keep' });
    await expect(writing).rejects.toBe(error);
    expect(await textOf(await driver.read('/f'))).toBe('oriNEW');
  });

  it.each([
    ['the compose loses its precondition', 412, 'unavailable', (request: SeenRequest) => request.url.includes('/compose')],
    ['the compose is refused', 403, 'permission', (request: SeenRequest) => request.url.includes('/compose')],
    ['the ranged read of the head fails', 503, 'unavailable', (request: SeenRequest) => request.range !== undefined],
  ])('rejects, keeps the file and removes every temporary when %s', async (_, status, kind, matches) => {
    await driver.write('/f', chunksOf('original content'));
    gcs.proxy().failWhen((request) => (matches(request) ? { status } : undefined));
    const writing = driver.write('/f', chunksOf('NEW'), { mode: { kind: 'resume', offset: 4 } });
    await expect(writing).rejects.toMatchObject({ name: 'StorageError', kind });
    gcs.proxy().failWhen(undefined);
    expect(await textOf(await driver.read('/f'))).toBe('original content');
  });
});

describe('what a commit reports', () => {
  it('the generation and ETag of the object a copy or a compose committed, and where it lives', async () => {
    const created = await driver.write('/g.bin', chunksOf('first'));
    const [afterCreate] = await bucket.file('g.bin').getMetadata();
    expect(created).toEqual({ size: 5, generation: String(afterCreate.generation), etag: afterCreate.etag });
    const appended = await driver.write('/g.bin', chunksOf(' and more'), { mode: { kind: 'append' } });
    const [afterAppend] = await bucket.file('g.bin').getMetadata();
    expect(appended).toEqual({ size: 14, generation: String(afterAppend.generation), etag: afterAppend.etag });
    expect(appended.generation).not.toBe(created.generation);
    expect(driver.locate('/in/g.bin')).toEqual({ driver: 'gcs', bucket: bucket.name, key: 'in/g.bin', url: `gs://${bucket.name}/in/g.bin` });
    expect(driver.locate('/in', 'dir').key).toBe('in/');
  });
});
