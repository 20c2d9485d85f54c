/**
 * Uploads into moto that are cut off part-way:
 * - under `partialUploads: keep` the bytes received stay as the object, and a client resumes from
 *   there (REST + STOR with ftplib, `curl -C -`), ending byte-exact;
 * - under the default `discard` a reset STOR over an existing file, cut off while its multipart
 *   upload is under way, leaves that object exactly as it was and no multipart upload behind.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { Curl } from './support/curl.js';
import { ftplib } from './support/ftplib.js';
import { digestStream, writeHashedPatternFile, type StreamDigest } from './support/hashing.js';
import { MIB } from './support/memory.js';
import { resetUpload } from './support/raw-session.js';
import { listKeys, multipartUploads, objectDigest, useMoto } from './support/s3.js';

const FILE_BYTES = 20 * MIB;
/** More than one 8 MiB part, so a multipart upload is under way when the connection is reset. */
const CUT_AT = 12 * MIB;

/** The multipart uploads in progress, once there is one (the upload being reset must have started one). */
async function waitForMultipartUpload(client: S3Client, bucket: string): Promise<string[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const uploads = await multipartUploads(client, bucket);
    if (uploads.length > 0) return uploads;
    await sleep(50);
  }
  return [];
}

describe('S3: interrupted uploads', () => {
  const moto = useMoto();
  let local: string;
  let curl: Curl;
  let source: string;
  let original: StreamDigest;
  let head: StreamDigest;

  beforeAll(async () => {
    curl = new Curl();
    local = await makeTempDir('s3-uploads');
    source = join(local, 'source.bin');
    original = await writeHashedPatternFile(source, FILE_BYTES, 's3-resume');
    head = await digestStream(createReadStream(source, { start: 0, end: CUT_AT - 1 }));
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it('keeps what a reset STOR delivered, and REST + STOR (ftplib) completes it byte-exact', async () => {
    const { server, bucket, key } = await moto.serve({ partialUploads: 'keep' });

    const reset = await resetUpload(server, { source, bytes: CUT_AT, command: 'STOR resumed.bin' });
    expect(reset.code, reset.lines.join('\n')).toBe(426);
    expect(await objectDigest(moto.client(), bucket, key('resumed.bin'))).toEqual(head);

    const resumed = await ftplib<{ offset: number; stor: string; size: number }>(server, 'resume', ['resumed.bin', source]);
    expect(resumed.offset).toBe(CUT_AT);
    expect(resumed.stor).toMatch(/^226 /);
    expect(resumed.size).toBe(FILE_BYTES);

    expect(await curl.download(`${server.url}/resumed.bin`)).toEqual(original);
    expect(await objectDigest(moto.client(), bucket, key('resumed.bin'))).toEqual(original);
    expect(await multipartUploads(moto.client(), bucket)).toEqual([]);
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

  it('discards a reset STOR over an existing file: the old object intact, no multipart upload left', async () => {
    const { server, bucket, key, prefix } = await moto.serve();
    const existingPath = join(local, 'existing.bin');
    const existing = await writeHashedPatternFile(existingPath, 3 * MIB + 17, 's3-existing');
    await curl.run(['-T', existingPath, `${server.url}/existing.bin`]);

    let inProgress: string[] = [];
    const reset = await resetUpload(server, {
      source,
      bytes: FILE_BYTES,
      command: 'STOR existing.bin',
      async beforeReset() {
        inProgress = await waitForMultipartUpload(moto.client(), bucket);
      },
    });
    expect(reset.code, reset.lines.join('\n')).toBe(426);

    expect(inProgress).toHaveLength(1);
    expect(await multipartUploads(moto.client(), bucket)).toEqual([]);
    expect(await objectDigest(moto.client(), bucket, key('existing.bin'))).toEqual(existing);
    expect(await listKeys(moto.client(), bucket, prefix)).toEqual([key('existing.bin')]);
    expect(await curl.download(`${server.url}/existing.bin`)).toEqual(existing);
  });
});
