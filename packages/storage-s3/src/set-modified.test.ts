/** Kept modification times on moto: the rclone-compatible metadata, what a copy keeps, when listings look them up. */
import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Entry } from '@bucketftp/storage';
import { describe, expect, it } from 'vitest';
import { chunks, useMoto } from './test-support.fixture.js';

const moto = useMoto();
const OLD = new Date('2001-02-03T04:05:06.789Z');

async function collect(items: AsyncIterable<Entry>): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  for await (const entry of items) entries.set(entry.name, entry);
  return entries;
}

describe('S3 modification times', () => {
  it("writes rclone's mtime metadata and keeps the object's other metadata, headers and checksum", async () => {
    const bucket = await moto.bucket();
    const body = 'hello, times';
    await bucket.client.send(
      new PutObjectCommand({
        Bucket: bucket.bucket,
        Key: 'f.txt',
        Body: body,
        ContentType: 'text/plain; charset=utf-8',
        CacheControl: 'max-age=60',
        Metadata: { owner: 'alice' },
      }),
    );
    const driver = bucket.driver();
    await driver.setModified('/f.txt', OLD);
    const head = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.bucket, Key: 'f.txt', ChecksumMode: 'ENABLED' }));
    expect(head.Metadata).toEqual({ owner: 'alice', mtime: '981173106.789' });
    expect(head.ContentType).toBe('text/plain; charset=utf-8');
    expect(head.CacheControl).toBe('max-age=60');
    expect(await driver.storedHash('/f.txt', 'MD5')).toBe(createHash('md5').update(body).digest('hex'));
    expect((await driver.stat('/f.txt')).mtime).toEqual(OLD);
  });

  it('reports the mtime rclone wrote (nanoseconds), and LastModified for a value that is no time', async () => {
    const bucket = await moto.bucket();
    const put = (Key: string, mtime: string) =>
      bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key, Body: 'x', Metadata: { mtime } }));
    await put('rclone', '1354040105.123456789');
    await put('garbage', 'last tuesday');
    const driver = bucket.driver();
    const rclone = new Date('2012-11-27T18:15:05.123Z');
    expect((await driver.stat('/rclone')).mtime).toEqual(rclone);
    const garbage = (await driver.stat('/garbage')).mtime!;
    expect(Date.now() - garbage.getTime()).toBeLessThan(60_000);
    const listed = await collect(driver.list('/'));
    expect(listed.get('rclone')?.mtime).toEqual(rclone);
    expect(listed.get('garbage')?.mtime).toEqual(garbage);
  });

  it('looks kept times up only for a one-page listing of at most mtimeLookups files, never for names only', async () => {
    const bucket = await moto.bucket();
    const writer = bucket.driver();
    await writer.mkdir('/d');
    for (const name of ['a', 'b', 'c']) {
      await writer.write(`/d/${name}`, chunks(name));
      await writer.setModified(`/d/${name}`, OLD);
    }
    const kept = (driver: ReturnType<typeof bucket.driver>, namesOnly = false) =>
      collect(driver.list('/d', { namesOnly })).then((entries) => [...entries.values()].filter((entry) => entry.mtime?.getTime() === OLD.getTime()).length);
    expect(await kept(writer)).toBe(3);
    expect(await kept(writer, true)).toBe(0);
    expect(await kept(bucket.driver({ mtimeLookups: 3 }))).toBe(3);
    expect(await kept(bucket.driver({ mtimeLookups: 2 }))).toBe(0);
    expect(await kept(bucket.driver({ mtimeLookups: 0 }))).toBe(0);
    // Two pages (listPageSize 2, the marker and three files): LastModified throughout.
    expect(await kept(bucket.driver({ listPageSize: 2 }))).toBe(0);
    // stat always reads the kept time.
    expect((await bucket.driver({ mtimeLookups: 0 }).stat('/d/a')).mtime).toEqual(OLD);
  });

  it('refuses an mtimeLookups that is no count', async () => {
    const bucket = await moto.bucket();
    expect(() => bucket.driver({ mtimeLookups: -1 })).toThrow(RangeError);
    expect(() => bucket.driver({ mtimeLookups: 1.5 })).toThrow(RangeError);
  });
});
