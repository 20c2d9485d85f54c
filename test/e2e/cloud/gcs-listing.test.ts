/**
 * A folder of 5,000 objects in the GCS emulator (BUCKETFTP_E2E_GCS_LIST_OBJECTS overrides the
 * count), five listing pages of 1,000, listed through the server with LIST and MLSD by a bare client, curl and ftplib: every name
 * exactly once, first and last byte reported, and the server's memory flat — VmRSS during a listing
 * stays within LISTING_RSS_GROWTH_BOUND of VmRSS just before it, after a warm-up NLST of the whole
 * folder (s3-listing.test.ts tells how the bound was chosen).
 *
 * The objects are made once for the file (the tests only read them), 32 requests at a time.
 * fake-gcs-server's memory backend scans every object of the bucket on each write, so making them
 * takes time quadratic in their number: 2,000 in ~5 s and 5,000 in ~25 s on this 2-core machine,
 * 20,000 over four minutes. The 20,000-key folder is listed on S3 (s3-listing.test.ts); the GCS
 * driver pages the same way at any count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sizeFromEnv } from './support/bounded.js';
import type { CloudServer } from './support/cloud-server.js';
import { Curl } from './support/curl.js';
import { ftplib } from './support/ftplib.js';
import { saveObjects, useGcsEmulator } from './support/gcs.js';
import { countNames, EACH_ONCE, nameOfListLine, nameOfMlsdLine } from './support/listing-lines.js';
import { measuredListing } from './support/measured-listing.js';
import { MIB } from './support/memory.js';
import { timedListing } from './support/raw-session.js';

const OBJECTS = sizeFromEnv('BUCKETFTP_E2E_GCS_LIST_OBJECTS', 5_000);
const CREATE_CONCURRENCY = 32;
const LISTING_RSS_GROWTH_BOUND = 48 * MIB;
const SUBFOLDERS = ['sub-a', 'sub-b', 'sub-c'];

function fileName(index: number): string {
  return `file-${String(index).padStart(6, '0')}.txt`;
}

describe(`GCS: a folder of ${OBJECTS} objects`, () => {
  const gcs = useGcsEmulator();
  const files = Array.from({ length: OBJECTS }, (_, index) => fileName(index));
  const expected = [...files, ...SUBFOLDERS];
  let server: CloudServer;
  let curl: Curl;

  beforeAll(async () => {
    curl = new Curl();
    const served = await gcs.serve();
    server = served.server;
    const names = [...files.map((name) => served.key(`many/${name}`)), ...SUBFOLDERS.map((name) => served.key(`many/${name}/inside.txt`))];
    const started = performance.now();
    await saveObjects(served.bucket, names, CREATE_CONCURRENCY, (index) => `${index}\n`);
    console.log(`gcs listing: created ${names.length} objects (${CREATE_CONCURRENCY} at a time) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // The first long listing also grows V8's heap to its working size: not what is measured.
    const warmUp = await timedListing(server, 'NLST many');
    expect(countNames(warmUp.lines, expected)).toEqual(EACH_ONCE);
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    { command: 'LIST many', nameOf: nameOfListLine },
    { command: 'MLSD many', nameOf: nameOfMlsdLine },
  ])('$command streams every name once with flat memory', async ({ command, nameOf }) => {
    const listing = await measuredListing(server, command, 'gcs');
    expect(listing.reply.code, listing.reply.lines.join('\n')).toBe(226);
    expect(countNames(listing.lines.map(nameOf), expected)).toEqual(EACH_ONCE);
    expect(listing.lines).toHaveLength(expected.length);
    expect(listing.growthBytes).toBeLessThan(LISTING_RSS_GROWTH_BOUND);
  }, 120_000);

  it('curl (LIST) and ftplib (MLSD) list every name once', async () => {
    const long = await curl.run([`${server.url}/many/`], 120_000);
    const lines = long.stdout.split(/\r?\n/).filter((line) => line !== '');
    expect(countNames(lines.map(nameOfListLine), expected)).toEqual(EACH_ONCE);
    expect(lines).toHaveLength(expected.length);

    const mlsd = await ftplib<{ names: string[]; types: Record<string, number> }>(server, 'mlsd', ['many'], 120_000);
    expect(countNames(mlsd.names, expected)).toEqual(EACH_ONCE);
    expect(mlsd.types).toEqual({ file: OBJECTS, dir: SUBFOLDERS.length });
  }, 180_000);
});
