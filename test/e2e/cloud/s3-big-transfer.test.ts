/**
 * A 1 GiB file (BUCKETFTP_E2E_BIG_BYTES overrides the size) goes up with `curl -T` and comes back
 * with curl through the server into moto, byte-exact, while the server's memory stays bounded
 * whatever the file size: the peak RSS (VmHWM) of the server process that took the upload, and of
 * a fresh one that served the download, must each stay below SERVER_RSS_BOUND.
 *
 * The bound: the idle server is ~90 MiB (Node, the SDK, the app); an upload holds at most 64 MiB of
 * part buffers (the S3 driver's uploadBufferBytes); the socket chunks copied into them are garbage
 * until V8 collects them, which lags by tens of MiB; a download is a backpressured stream. Measured
 * here the upload peak is ~170–220 MiB for 100 MiB, 400 MiB and 1 GiB alike; on a machine at load 6
 * the collector lags further, so the bound is 320 MiB (1.5× the highest measurement): a server that
 * held the file, or an eighth of it on top of its buffers, still fails.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { sizeFromEnv } from './support/bounded.js';
import { Curl } from './support/curl.js';
import { writeHashedPatternFile } from './support/hashing.js';
import { MIB, sizeLabel } from './support/memory.js';
import { objectDigest, useMoto } from './support/s3.js';
import { roundTripSummary, timedDownload, timedUpload } from './support/timed-transfer.js';

const BIG_BYTES = sizeFromEnv('BUCKETFTP_E2E_BIG_BYTES', 1024 ** 3);
const SERVER_RSS_BOUND = 320 * MIB;

describe('S3: a big file through curl', () => {
  const moto = useMoto();
  let local: string;
  let curl: Curl;

  beforeAll(async () => {
    curl = new Curl();
    local = await makeTempDir('s3-big');
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it(`uploads and downloads ${sizeLabel(BIG_BYTES)} byte-exact with the server's RSS below ${SERVER_RSS_BOUND / MIB} MiB`, async () => {
    const source = join(local, 'big.bin');
    const original = await writeHashedPatternFile(source, BIG_BYTES, 's3-big');

    const uploading = await moto.serve();
    const up = await timedUpload(curl, uploading.server, source, 'big.bin');
    await uploading.server.stop();
    const downloading = await moto.serve({ bucket: uploading.bucket });
    const down = await timedDownload(curl, downloading.server, 'big.bin');

    console.log(roundTripSummary('s3', BIG_BYTES, up, down));
    expect(down.received).toEqual(original);
    expect(await objectDigest(moto.client(), uploading.bucket, uploading.key('big.bin'))).toEqual(original);
    expect(up.peakRssBytes, 'upload server peak RSS (VmHWM), bytes').toBeLessThan(SERVER_RSS_BOUND);
    expect(down.peakRssBytes, 'download server peak RSS (VmHWM), bytes').toBeLessThan(SERVER_RSS_BOUND);
  }, 900_000);
});
