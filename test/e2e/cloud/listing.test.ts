/**
 * A big folder in each object store, listed through the server with LIST and MLSD by curl, ftplib
 * and a bare client: every name exactly once, the first line long before the last (reported, not
 * asserted: the listing streams page by page), and the server's memory flat. One suite, run for
 * each backend:
 * - S3 (moto): 20,000 keys (BUCKETFTP_E2E_LIST_KEYS overrides the count);
 * - GCS (fake-gcs-server): 5,000 objects, five listing pages of 1,000
 *   (BUCKETFTP_E2E_GCS_LIST_OBJECTS overrides the count).
 *
 * Flat means: VmRSS during the listing stays within LISTING_RSS_GROWTH_BOUND of VmRSS just before
 * it. Measured here on S3, a listing of 2,000 and one of 20,000 entries both grow RSS by ~32 MiB —
 * V8's young generation filling with short-lived page objects, handed back afterwards — so the bound
 * is that plus headroom. A listing whose memory grows with its length (pages or lines kept) adds to
 * it. An NLST of the whole folder first (every name once, too) brings the process to its working
 * size, so the measured listings start warm.
 *
 * The objects are made once per backend (the tests only read them):
 * - on S3 with the SDK: 50–75 s for 20,000 on this 2-core machine depending on its load — moto's
 *   per-request cost, most of the suite's time. moto is one Python process: past a few requests in
 *   flight, more only add thread contention. Measured for 2,000 keys: 8 at a time 7.2 s, 16 7.8 s,
 *   32 8.8 s, 4 8.0 s.
 * - on GCS, 32 requests at a time. fake-gcs-server's memory backend scans every object of the bucket
 *   on each write, so making them takes time quadratic in their number: 2,000 in ~5 s and 5,000 in
 *   ~25 s on this 2-core machine, 20,000 over four minutes. The 20,000-key folder is listed on S3;
 *   the GCS driver pages the same way at any count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GCS, S3, type CloudBackend } from './support/backends.js';
import { sizeFromEnv } from './support/bounded.js';
import type { CloudServer } from './support/cloud-server.js';
import { Curl } from './support/curl.js';
import { ftplib } from './support/ftplib.js';
import { countNames, EACH_ONCE, nameOfListLine, nameOfMlsdLine } from './support/listing-lines.js';
import { measuredListing } from './support/measured-listing.js';
import { MIB } from './support/memory.js';
import { timedListing } from './support/raw-session.js';

const LISTING_RSS_GROWTH_BOUND = 48 * MIB;
const SUBFOLDERS = ['sub-a', 'sub-b', 'sub-c'];

function fileName(index: number): string {
  return `file-${String(index).padStart(6, '0')}.txt`;
}

interface ListingBackend {
  readonly backend: CloudBackend;
  readonly title: string;
  /** How many files the folder holds. */
  readonly count: number;
  /** What the store calls them in the report line. */
  readonly noun: 'keys' | 'objects';
  readonly concurrency: number;
}

const S3_KEYS = sizeFromEnv('BUCKETFTP_E2E_LIST_KEYS', 20_000);
const GCS_OBJECTS = sizeFromEnv('BUCKETFTP_E2E_GCS_LIST_OBJECTS', 5_000);

const BACKENDS: readonly ListingBackend[] = [
  { backend: S3, title: `S3: a folder of ${S3_KEYS} keys`, count: S3_KEYS, noun: 'keys', concurrency: 8 },
  { backend: GCS, title: `GCS: a folder of ${GCS_OBJECTS} objects`, count: GCS_OBJECTS, noun: 'objects', concurrency: 32 },
];

describe.each(BACKENDS.map((entry) => [entry.title, entry] as const))('%s', (_title, { backend, count, noun, concurrency }) => {
  const { label } = backend;
  const serve = backend.use();
  const files = Array.from({ length: count }, (_, index) => fileName(index));
  const expected = [...files, ...SUBFOLDERS];
  let server: CloudServer;
  let curl: Curl;

  beforeAll(async () => {
    curl = new Curl();
    const served = await serve();
    server = served.server;
    const names = [...files.map((name) => served.key(`many/${name}`)), ...SUBFOLDERS.map((name) => served.key(`many/${name}/inside.txt`))];
    const started = performance.now();
    await served.create(names, concurrency, (index) => `${index}\n`);
    console.log(`${label} listing: created ${names.length} ${noun} (${concurrency} at a time) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
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
    const listing = await measuredListing(server, command, label);
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
    expect(mlsd.types).toEqual({ file: count, dir: SUBFOLDERS.length });
  }, 180_000);
});
