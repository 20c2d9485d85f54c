/**
 * Files through the server into the GCS emulator (the big file, bounded memory, is in
 * big-transfer.test.ts with S3's):
 * - an upload reset part-way under `partialUploads: keep` resumed with REST + STOR (ftplib);
 * - APPE (`curl --append`) completing a file byte-exact;
 * - a reset STOR over an existing file under `discard`: the old object intact, no temporary left
 *   in the bucket or visible in LIST.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writePrefix } from '../support/files.js';
import { Curl } from './support/curl.js';
import { ftplib } from './support/ftplib.js';
import { objectDigest, objectNames, useGcsEmulator } from './support/gcs.js';
import { digestStream, writeHashedPatternFile, type StreamDigest } from './support/hashing.js';
import { nameOfListLine } from './support/listing-lines.js';
import { MIB } from './support/memory.js';
import { resetUpload } from './support/raw-session.js';

const FILE_BYTES = 20 * MIB;
const CUT_AT = 12 * MIB;

describe('GCS: transfers through the server', () => {
  const gcs = useGcsEmulator();
  let local: string;
  let curl: Curl;
  let source: string;
  let original: StreamDigest;

  beforeAll(async () => {
    curl = new Curl();
    local = await makeTempDir('gcs-transfers');
    source = join(local, 'source.bin');
    original = await writeHashedPatternFile(source, FILE_BYTES, 'gcs-source');
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it('keeps what a reset STOR delivered, and REST + STOR (ftplib) completes it byte-exact', async () => {
    const { server, bucket, key, prefix } = await gcs.serve({ partialUploads: 'keep' });
    const head = await digestStream(createReadStream(source, { start: 0, end: CUT_AT - 1 }));

    const reset = await resetUpload(server, { source, bytes: CUT_AT, command: 'STOR resumed.bin' });
    expect(reset.code, reset.lines.join('\n')).toBe(426);
    expect(await objectDigest(bucket, key('resumed.bin'))).toEqual(head);

    const resumed = await ftplib<{ offset: number; stor: string; size: number }>(server, 'resume', ['resumed.bin', source]);
    expect(resumed.offset).toBe(CUT_AT);
    expect(resumed.stor).toMatch(/^226 /);
    expect(resumed.size).toBe(FILE_BYTES);

    expect(await curl.download(`${server.url}/resumed.bin`)).toEqual(original);
    expect(await objectDigest(bucket, key('resumed.bin'))).toEqual(original);
    expect(await objectNames(bucket, prefix)).toEqual([key('resumed.bin')]);
  });

  it('APPE (curl --append) adds to a file byte-exact', async () => {
    const { server, bucket, key, prefix } = await gcs.serve();
    const split = 7 * MIB + 3;
    const first = join(local, 'first.bin');
    const rest = join(local, 'rest.bin');
    await writePrefix(source, first, split);
    await pipeline(createReadStream(source, { start: split }), createWriteStream(rest));

    await curl.run(['-T', first, `${server.url}/appended.bin`]);
    const result = await curl.run(['--verbose', '--append', '-T', rest, `${server.url}/appended.bin`]);
    expect(result.stderr).toContain('> APPE appended.bin');

    expect(await curl.download(`${server.url}/appended.bin`)).toEqual(original);
    expect(await objectDigest(bucket, key('appended.bin'))).toEqual(original);
    expect(await objectNames(bucket, prefix)).toEqual([key('appended.bin')]);
  });

  it('discards a reset STOR over an existing file: the old object intact, no temporary left or listed', async () => {
    const { server, bucket, key } = await gcs.serve();
    const existingPath = join(local, 'existing.bin');
    const existing = await writeHashedPatternFile(existingPath, 3 * MIB + 17, 'gcs-existing');
    await curl.run(['-T', existingPath, `${server.url}/existing.bin`]);

    const reset = await resetUpload(server, { source, bytes: FILE_BYTES, command: 'STOR existing.bin' });
    expect(reset.code, reset.lines.join('\n')).toBe(426);

    expect(await objectDigest(bucket, key('existing.bin'))).toEqual(existing);
    expect(await objectNames(bucket)).toEqual([key('existing.bin')]);
    const listing = await curl.run([`${server.url}/`]);
    expect(listing.stdout.split(/\r?\n/).filter((line) => line !== '').map(nameOfListLine)).toEqual(['existing.bin']);
    const names = await curl.run(['--list-only', `${server.url}/`]);
    expect(names.stdout.split(/\r?\n/).filter((line) => line !== '')).toEqual(['existing.bin']);
    expect(await curl.download(`${server.url}/existing.bin`)).toEqual(existing);
  });
});
