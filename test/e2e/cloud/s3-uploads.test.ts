/**
 * An upload into moto cut off part-way under `partialUploads: keep`: the bytes received stay as the
 * object, and `curl -C -` (SIZE, then APPE) resumes from there, ending byte-exact with no multipart
 * upload behind. The scenarios S3 shares with GCS (REST + STOR with ftplib, a reset STOR over an
 * existing file) are in interrupted-uploads.test.ts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { Curl } from './support/curl.js';
import { writeHashedPatternFile, type StreamDigest } from './support/hashing.js';
import { MIB } from './support/memory.js';
import { resetUpload } from './support/raw-session.js';
import { multipartUploads, objectDigest, useMoto } from './support/s3.js';

const FILE_BYTES = 20 * MIB;
/** More than one 8 MiB part, so a multipart upload is under way when the connection is reset. */
const CUT_AT = 12 * MIB;

describe('S3: interrupted uploads', () => {
  const moto = useMoto();
  let local: string;
  let curl: Curl;
  let source: string;
  let original: StreamDigest;

  beforeAll(async () => {
    curl = new Curl();
    local = await makeTempDir('s3-uploads');
    source = join(local, 'source.bin');
    original = await writeHashedPatternFile(source, FILE_BYTES, 's3-resume');
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it('keeps what a reset STOR delivered, and curl -C - -T (SIZE, then APPE) completes it byte-exact', async () => {
    const { server, bucket, key } = await moto.serve({ partialUploads: 'keep' });

    const reset = await resetUpload(server, { source, bytes: CUT_AT, command: 'STOR curl-resumed.bin' });
    expect(reset.code, reset.lines.join('\n')).toBe(426);

    const result = await curl.run(['--verbose', '-C', '-', '-T', source, '--write-out', '%{size_upload}', `${server.url}/curl-resumed.bin`]);
    expect(result.stderr).toContain('> SIZE curl-resumed.bin');
    expect(result.stderr).toContain('> APPE curl-resumed.bin');
    expect(Number(result.stdout)).toBe(FILE_BYTES - CUT_AT);

    expect(await curl.download(`${server.url}/curl-resumed.bin`)).toEqual(original);
    expect(await objectDigest(moto.client(), bucket, key('curl-resumed.bin'))).toEqual(original);
    expect(await multipartUploads(moto.client(), bucket)).toEqual([]);
  });
});
