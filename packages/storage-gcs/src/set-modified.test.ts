/** Kept modification times on fake-gcs-server: rclone's and gsutil's metadata, written and read. */
import type { Bucket } from '@google-cloud/storage';
import type { Entry } from '@bucketftp/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { driverOn, emptyBucket, useGcsEmulator } from './emulator.fixture.js';

const gcs = useGcsEmulator();
let used: Bucket | undefined;

afterEach(async () => {
  if (used) await emptyBucket(used);
  used = undefined;
});

const OLD = new Date('2001-02-03T04:05:06.789Z');

async function listedTimes(items: AsyncIterable<Entry>): Promise<Record<string, number | undefined>> {
  const times: Record<string, number | undefined> = {};
  for await (const entry of items) times[entry.name] = entry.mtime?.getTime();
  return times;
}

describe('GCS modification times', () => {
  it("writes rclone's mtime and gsutil's goog-reserved-file-mtime, keeping content type and other metadata", async () => {
    const { driver, bucket } = await driverOn(gcs);
    used = bucket;
    await bucket.file('f.txt').save('hello', { contentType: 'text/plain', metadata: { metadata: { owner: 'alice' } }, resumable: false });
    await driver.setModified('/f.txt', OLD);
    const [metadata] = await bucket.file('f.txt').getMetadata();
    expect(metadata.metadata).toEqual({ owner: 'alice', mtime: '2001-02-03T04:05:06.789Z', 'goog-reserved-file-mtime': '981173106' });
    expect(metadata.contentType).toBe('text/plain');
    expect((await driver.stat('/f.txt')).mtime).toEqual(OLD);
    await driver.setModified('/f.txt', new Date('2030-01-01T00:00:00Z'));
    const [again] = await bucket.file('f.txt').getMetadata();
    expect(again.metadata?.mtime).toBe('2030-01-01T00:00:00Z');
  });

  it('reads what rclone and gsutil wrote, rclone first; a value that is no time reports updated', async () => {
    const { driver, bucket } = await driverOn(gcs);
    used = bucket;
    const put = (name: string, metadata: Record<string, string>) =>
      bucket.file(name).save('x', { metadata: { metadata }, resumable: false });
    await put('rclone', { mtime: '2012-11-27T18:15:05.123456789+01:00', 'goog-reserved-file-mtime': '1354036505' });
    await put('gsutil', { 'goog-reserved-file-mtime': '1354036505' });
    await put('garbage', { mtime: '5', 'goog-reserved-file-mtime': 'soon' });
    const times = await listedTimes(driver.list('/'));
    expect(times.rclone).toBe(Date.parse('2012-11-27T17:15:05.123Z'));
    expect(times.gsutil).toBe(1_354_036_505_000);
    expect(Date.now() - (times.garbage ?? 0)).toBeLessThan(60_000);
    expect((await driver.stat('/rclone')).mtime).toEqual(new Date('2012-11-27T17:15:05.123Z'));
    expect((await driver.stat('/gsutil')).mtime).toEqual(new Date(1_354_036_505_000));
  });
});
