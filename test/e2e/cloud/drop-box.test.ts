/**
 * maxFileSize on each object store (one suite, run for S3 on moto and GCS on fake-gcs-server), under
 * `partialUploads: keep`, which keeps what other failed uploads delivered: an upload past the limit
 * is cut off with 552 and leaves nothing — no object, and on S3 no multipart upload (the limit lies
 * past the first 8 MiB part, so one is under way when the limit is passed) — and an object it would
 * have replaced stays as it was. An upload of exactly the limit is stored.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { GCS, S3 } from './support/backends.js';
import { Curl } from './support/curl.js';
import { writeHashedPatternFile, type StreamDigest } from './support/hashing.js';
import { MIB } from './support/memory.js';
import { uploadAll } from './support/raw-session.js';

/** Past the first 8 MiB multipart part, so S3 has a multipart upload to abort. */
const LIMIT = 12 * MIB;

describe.each([S3, GCS])('$name: maxFileSize', (backend) => {
  const serve = backend.use();
  let local: string;
  let curl: Curl;
  let oversized: string;
  let fitting: string;
  let fits: StreamDigest;

  beforeAll(async () => {
    curl = new Curl();
    local = await makeTempDir(`${backend.label}-drop-box`);
    oversized = join(local, 'oversized.bin');
    fitting = join(local, 'fitting.bin');
    await writeHashedPatternFile(oversized, 20 * MIB, 'drop-box-oversized');
    fits = await writeHashedPatternFile(fitting, LIMIT, 'drop-box-fitting');
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it('cuts an upload past the limit off with 552 and leaves nothing behind, even under partialUploads: keep', async () => {
    const served = await serve({ partialUploads: 'keep', fileRules: { maxFileSize: '12MiB' } });
    await served.create([served.key('existing.bin')], 1, () => 'original');
    const before = await served.digest(served.key('existing.bin'));

    const cutOff = await uploadAll(served.server, oversized, 'STOR oversized.bin');
    expect(cutOff.lines).toEqual(['552 Storage quota exceeded.']);
    const replacing = await uploadAll(served.server, oversized, 'STOR existing.bin');
    expect(replacing.code).toBe(552);

    expect(await served.keys(served.prefix)).toEqual([served.key('existing.bin')]);
    expect(await served.digest(served.key('existing.bin'))).toEqual(before);
    if (served.multipartUploads) expect(await served.multipartUploads()).toEqual([]);

    await curl.run(['-T', fitting, `${served.server.url}/fitting.bin`]);
    expect(await served.digest(served.key('fitting.bin'))).toEqual(fits);
  });
});
