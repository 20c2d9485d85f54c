/**
 * A big file goes up with `curl -T` and comes back with curl through the server, byte-exact, while
 * the server's memory stays bounded whatever the file size: the peak RSS (VmHWM) of the server
 * process that took the upload, and of a fresh one that served the download, must each stay below
 * the backend's bound. One suite, run for each backend:
 * - S3 (moto): 1 GiB (BUCKETFTP_E2E_BIG_BYTES overrides the size), bound 320 MiB. The idle server
 *   is ~90 MiB (Node, the SDK, the app); an upload holds at most 64 MiB of part buffers (the S3
 *   driver's uploadBufferBytes); the socket chunks copied into them are garbage until V8 collects
 *   them, which lags by tens of MiB; a download is a backpressured stream. Measured here the upload
 *   peak is ~170–220 MiB for 100 MiB, 400 MiB and 1 GiB alike; on a machine at load 6 the collector
 *   lags further, so the bound is 1.5× the highest measurement: a server that held the file, or an
 *   eighth of it on top of its buffers, still fails.
 * - GCS (fake-gcs-server): 200 MiB (BUCKETFTP_E2E_GCS_BIG_BYTES overrides it), bound 200 MiB. The
 *   GCS driver keeps no part buffers (one streamed resumable request per upload, a chunk in flight
 *   at a time), so a transfer adds only stream buffers and garbage awaiting V8's collector: the S3
 *   bound less the S3 driver's 64 MiB of part buffers, rounded up. It must not depend on the file size.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { GCS, S3, type CloudBackend } from './support/backends.js';
import { sizeFromEnv } from './support/bounded.js';
import { Curl } from './support/curl.js';
import { writeHashedPatternFile } from './support/hashing.js';
import { MIB, sizeLabel } from './support/memory.js';
import { roundTripSummary, timedDownload, timedUpload } from './support/timed-transfer.js';

interface BigTransferBackend {
  readonly backend: CloudBackend;
  readonly bigBytes: number;
  readonly serverRssBound: number;
  readonly timeoutMs: number;
}

const BACKENDS: readonly BigTransferBackend[] = [
  { backend: S3, bigBytes: sizeFromEnv('BUCKETFTP_E2E_BIG_BYTES', 1024 ** 3), serverRssBound: 320 * MIB, timeoutMs: 900_000 },
  { backend: GCS, bigBytes: sizeFromEnv('BUCKETFTP_E2E_GCS_BIG_BYTES', 200 * MIB), serverRssBound: 200 * MIB, timeoutMs: 600_000 },
];

const CASES = BACKENDS.map((entry) => [`${entry.backend.name}: a big file through curl`, entry] as const);

describe.each(CASES)('%s', (_title, { backend, bigBytes: BIG_BYTES, serverRssBound: SERVER_RSS_BOUND, timeoutMs }) => {
  const serve = backend.use();
  let local: string;
  let curl: Curl;

  beforeAll(async () => {
    curl = new Curl();
    local = await makeTempDir(`${backend.label}-big`);
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it(
    `uploads and downloads ${sizeLabel(BIG_BYTES)} byte-exact with the server's RSS below ${SERVER_RSS_BOUND / MIB} MiB`,
    async () => {
      const source = join(local, 'big.bin');
      const original = await writeHashedPatternFile(source, BIG_BYTES, `${backend.label}-big`);

      const uploading = await serve();
      const up = await timedUpload(curl, uploading.server, source, 'big.bin');
      await uploading.server.stop();
      const downloading = await serve({ bucket: uploading.bucket });
      const down = await timedDownload(curl, downloading.server, 'big.bin');

      console.log(roundTripSummary(backend.label, BIG_BYTES, up, down));
      expect(down.received).toEqual(original);
      expect(await uploading.digest(uploading.key('big.bin'))).toEqual(original);
      expect(up.peakRssBytes, 'upload server peak RSS (VmHWM), bytes').toBeLessThan(SERVER_RSS_BOUND);
      expect(down.peakRssBytes, 'download server peak RSS (VmHWM), bytes').toBeLessThan(SERVER_RSS_BOUND);
    },
    timeoutMs,
  );
});
