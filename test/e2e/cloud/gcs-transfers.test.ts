/**
 * APPE (`curl --append`) through the server into the GCS emulator, completing a file byte-exact
 * with nothing else left in the bucket. The scenarios GCS shares with S3 are in big-transfer.test.ts
 * (a big file, bounded memory) and interrupted-uploads.test.ts (REST + STOR with ftplib, a reset
 * STOR over an existing file).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writePrefix } from '../support/files.js';
import { Curl } from './support/curl.js';
import { objectDigest, objectNames, useGcsEmulator } from './support/gcs.js';
import { writeHashedPatternFile, type StreamDigest } from './support/hashing.js';
import { MIB } from './support/memory.js';

const FILE_BYTES = 20 * MIB;

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
});
