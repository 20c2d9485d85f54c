/**
 * Uploads into each object store that are cut off part-way (one suite, run for S3 on moto and GCS
 * on fake-gcs-server):
 * - under `partialUploads: keep` the bytes received stay as the object, and a client resumes from
 *   there with REST + STOR (ftplib), ending byte-exact, with nothing else left in the bucket;
 * - under the default `discard` a reset STOR over an existing file leaves that object exactly as it
 *   was and nothing behind: on S3, cut off while its multipart upload is under way, no multipart
 *   upload; on GCS, no temporary object, in the bucket or visible in LIST and NLST.
 * What only one store does (`curl -C -` on S3, APPE on GCS) is in s3-uploads and gcs-transfers.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { GCS, S3, type CloudBackend, type ServedBucket } from './support/backends.js';
import { Curl } from './support/curl.js';
import { ftplib } from './support/ftplib.js';
import { digestStream, writeHashedPatternFile, type StreamDigest } from './support/hashing.js';
import { nameOfListLine } from './support/listing-lines.js';
import { MIB } from './support/memory.js';
import { resetUpload } from './support/raw-session.js';

const FILE_BYTES = 20 * MIB;
/** More than one 8 MiB part, so an S3 multipart upload is under way when the connection is reset. */
const CUT_AT = 12 * MIB;

/** The multipart uploads in progress, once there is one (the upload being reset must have started one). */
async function waitForMultipartUpload(served: ServedBucket): Promise<string[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const uploads = await served.multipartUploads!();
    if (uploads.length > 0) return uploads;
    await sleep(50);
  }
  return [];
}

/** How each store shows that nothing was left behind. */
interface InterruptedBackend {
  readonly backend: CloudBackend;
  /** After the resumed upload of `resumed.bin` completed. */
  readonly afterResume: (served: ServedBucket) => Promise<void>;
  /** Runs once the server has read every byte of the upload over `existing.bin`, just before its reset; its result goes to afterDiscard. */
  readonly beforeReset: (served: ServedBucket) => Promise<string[]>;
  /** After the reset upload over `existing.bin` (whose digest has been checked already). */
  readonly afterDiscard: (served: ServedBucket, curl: Curl, inProgress: string[]) => Promise<void>;
}

const BACKENDS: readonly InterruptedBackend[] = [
  {
    backend: S3,
    async afterResume(served) {
      expect(await served.multipartUploads!()).toEqual([]);
    },
    beforeReset: waitForMultipartUpload,
    async afterDiscard(served, _curl, inProgress) {
      expect(inProgress).toHaveLength(1);
      expect(await served.multipartUploads!()).toEqual([]);
      expect(await served.keys(served.prefix)).toEqual([served.key('existing.bin')]);
    },
  },
  {
    backend: GCS,
    async afterResume(served) {
      expect(await served.keys(served.prefix)).toEqual([served.key('resumed.bin')]);
    },
    beforeReset: async () => [],
    async afterDiscard(served, curl) {
      expect(await served.keys()).toEqual([served.key('existing.bin')]);
      const listing = await curl.run([`${served.server.url}/`]);
      expect(listing.stdout.split(/\r?\n/).filter((line) => line !== '').map(nameOfListLine)).toEqual(['existing.bin']);
      const names = await curl.run(['--list-only', `${served.server.url}/`]);
      expect(names.stdout.split(/\r?\n/).filter((line) => line !== '')).toEqual(['existing.bin']);
    },
  },
];

const CASES = BACKENDS.map((entry) => [`${entry.backend.name}: interrupted uploads`, entry] as const);

describe.each(CASES)('%s', (_title, { backend, afterResume, beforeReset, afterDiscard }) => {
  const serve = backend.use();
  let local: string;
  let curl: Curl;
  let source: string;
  let original: StreamDigest;
  let head: StreamDigest;

  beforeAll(async () => {
    curl = new Curl();
    local = await makeTempDir(`${backend.label}-interrupted`);
    source = join(local, 'source.bin');
    original = await writeHashedPatternFile(source, FILE_BYTES, `${backend.label}-resume`);
    head = await digestStream(createReadStream(source, { start: 0, end: CUT_AT - 1 }));
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it('keeps what a reset STOR delivered, and REST + STOR (ftplib) completes it byte-exact', async () => {
    const served = await serve({ partialUploads: 'keep' });
    const { server, key } = served;

    const reset = await resetUpload(server, { source, bytes: CUT_AT, command: 'STOR resumed.bin' });
    expect(reset.code, reset.lines.join('\n')).toBe(426);
    expect(await served.digest(key('resumed.bin'))).toEqual(head);

    const resumed = await ftplib<{ offset: number; stor: string; size: number }>(server, 'resume', ['resumed.bin', source]);
    expect(resumed.offset).toBe(CUT_AT);
    expect(resumed.stor).toMatch(/^226 /);
    expect(resumed.size).toBe(FILE_BYTES);

    expect(await curl.download(`${server.url}/resumed.bin`)).toEqual(original);
    expect(await served.digest(key('resumed.bin'))).toEqual(original);
    await afterResume(served);
  });

  it('discards a reset STOR over an existing file: the old object intact, nothing left behind', async () => {
    const served = await serve();
    const { server, key } = served;
    const existingPath = join(local, 'existing.bin');
    const existing = await writeHashedPatternFile(existingPath, 3 * MIB + 17, `${backend.label}-existing`);
    await curl.run(['-T', existingPath, `${server.url}/existing.bin`]);

    let inProgress: string[] = [];
    const reset = await resetUpload(server, {
      source,
      bytes: FILE_BYTES,
      command: 'STOR existing.bin',
      async beforeReset() {
        inProgress = await beforeReset(served);
      },
    });
    expect(reset.code, reset.lines.join('\n')).toBe(426);

    expect(await served.digest(key('existing.bin'))).toEqual(existing);
    await afterDiscard(served, curl, inProgress);
    expect(await curl.download(`${server.url}/existing.bin`)).toEqual(existing);
  });
});
