/** The key mapping, directory markers, paged listings and renames, checked on the bucket itself. */
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectFailedRenameLeavesStoreAsItWas } from '@bucketftp/storage/conformance';
import { forEachBounded } from '@bucketftp/storage/object-store';
import { chunks, recordRequests, useMoto } from './test-support.fixture.js';

const moto = useMoto();

type TestBucket = Awaited<ReturnType<typeof moto.bucket>>;

async function allKeys({ client, bucket }: TestBucket): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

async function putKeys({ client, bucket }: TestBucket, keys: readonly string[]): Promise<void> {
  await forEachBounded(keys, 16, async (key) => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  });
}

/** Counts the ListObjectsV2 requests the client sends. */
function countListRequests({ client }: TestBucket): { readonly count: number } {
  const sent = recordRequests(client);
  return {
    get count() {
      return sent.filter((request) => request.command === 'ListObjectsV2').length;
    },
  };
}

describe('mapping onto keys', () => {
  it('stores files and directory markers below the prefix, keys as plain UTF-8', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver({ prefix: 'home/alice' });
    await driver.mkdir('/docs é');
    await driver.write('/docs é/a #1%+.txt', chunks('x'));
    expect(await allKeys(bucket)).toEqual(['home/alice/docs é/', 'home/alice/docs é/a #1%+.txt']);
  });

  it('never lists a directory marker, and shows directories that only exist as prefixes', async () => {
    const bucket = await moto.bucket();
    await putKeys(bucket, ['d/', 'd/implicit/file', 'd/file', 'd//odd', 'd/./dot']);
    const driver = bucket.driver();
    const names = [];
    for await (const entry of driver.list('/d')) names.push(`${entry.type}:${entry.name}`);
    expect(names.sort()).toEqual(['dir:implicit', 'file:file']);
    expect(await driver.stat('/d/implicit')).toEqual({ name: 'implicit', type: 'dir', size: 0 });
    expect((await driver.stat('/d')).mtime).toBeInstanceOf(Date); // from its marker
  });

  it('removes an empty directory by deleting its marker, and refuses a directory with only implicit content', async () => {
    const bucket = await moto.bucket();
    await putKeys(bucket, ['d/', 'e/sub/x']);
    const driver = bucket.driver();
    await driver.rmdir('/d');
    await expect(driver.rmdir('/e')).rejects.toMatchObject({ kind: 'not-empty' });
    expect(await allKeys(bucket)).toEqual(['e/sub/x']);
  });
});

describe('paged listings', () => {
  it('fetches at most one page ahead and yields every entry exactly once', async () => {
    const bucket = await moto.bucket();
    const names = Array.from({ length: 11 }, (_, index) => `f${String(index).padStart(2, '0')}`);
    const dirs = ['da/', 'db/x', 'dc/y/z'];
    await putKeys(bucket, ['list/', ...names.map((name) => `list/${name}`), ...dirs.map((key) => `list/${key}`)]);
    const driver = bucket.driver({ listPageSize: 3 });
    const requests = countListRequests(bucket);
    const iterator = driver.list('/list')[Symbol.asyncIterator]();
    await iterator.next();
    // The first entry comes after the first page, with at most the next page already requested
    // (memory stays at two pages whatever the directory size).
    expect(requests.count).toBeGreaterThanOrEqual(1);
    expect(requests.count).toBeLessThanOrEqual(2);
    const seen = new Map<string, number>();
    for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) {
      seen.set(step.value.name, (seen.get(step.value.name) ?? 0) + 1);
    }
    expect(seen.size + 1).toBe(names.length + dirs.length);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(requests.count).toBeGreaterThanOrEqual(5); // 15 keys and prefixes, 3 per page
  });
});

describe('directory rename', () => {
  it('moves 1,100 keys with bounded concurrency, then deletes the sources', async () => {
    const bucket = await moto.bucket();
    const keys = ['src/', 'src/sub/', ...Array.from({ length: 1098 }, (_, index) => `src/${index % 2 ? 'sub/' : ''}k${index}`)];
    await putKeys(bucket, [...keys, 'srcx/untouched', 'dst-parent/']);
    const driver = bucket.driver();
    await driver.rename('/src', '/dst-parent/moved');
    const after = await allKeys(bucket);
    expect(after.filter((key) => key.startsWith('src/'))).toEqual([]);
    expect(after.filter((key) => key.startsWith('dst-parent/moved/'))).toEqual(
      keys.map((key) => key.replace(/^src\//, 'dst-parent/moved/')).sort(),
    );
    expect(after).toContain('srcx/untouched');
    await expect(driver.stat('/src')).rejects.toMatchObject({ kind: 'not-found' });
    expect(await bucket.multipartUploads()).toEqual([]);
  }, 60_000);

  it('on a failed copy removes the copies, leaves every source in place and says how many were copied', async () => {
    const bucket = await moto.bucket();
    await putKeys(bucket, ['src/', ...Array.from({ length: 6 }, (_, index) => `src/a${index}`), 'src/sub/b', 'dst-parent/']);
    // S3 refuses to copy an archived object that was not restored; it sorts last, after 8 copies.
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: 'src/z-archived', Body: 'z', StorageClass: 'GLACIER' }));
    const driver = bucket.driver({ copyConcurrency: 1, listPageSize: 2 });
    const copied = await expectFailedRenameLeavesStoreAsItWas({
      driver,
      from: '/src',
      to: '/dst-parent/moved',
      kind: 'permission',
      storedNames: () => allKeys(bucket),
    });
    expect(copied).toBe(8);
    const message = await driver.rename('/src', '/dst').catch((error: unknown) => (error as Error).message);
    expect(message).not.toMatch(/Glacier|tier/i); // backend text stays in the cause
  });
});

describe('stored hashes and ping', () => {
  it('serves MD5 from a single-part ETag and none for a multipart object', async () => {
    const bucket = await moto.bucket();
    const driver = bucket.driver();
    await driver.write('/small', chunks('hash me'));
    expect(await driver.storedHash('/small', 'MD5')).toBe(createHash('md5').update('hash me').digest('hex'));
    await driver.write('/big', (async function* () {
      yield Buffer.alloc(6 * 1024 * 1024, 1);
    })());
    expect(await driver.storedHash('/big', 'MD5')).toBeUndefined();
  });

  it('pings a reachable bucket, and reports a missing one as storage-missing (a permanent error, not an outage)', async () => {
    const bucket = await moto.bucket();
    await bucket.driver().ping();
    await expect(bucket.driver({ bucket: 'no-such-bucket-here' }).ping()).rejects.toMatchObject({ kind: 'storage-missing' });
  });
});
