/**
 * curl killed in the middle of `curl -T` over an existing object smaller than one PutObject
 * (under the multipart threshold, so the whole upload is a single PUT at its end): the control
 * connection closed without QUIT before the 226, so nothing is put. The object stays as it was and
 * no multipart upload is left.
 */
import { S3Driver } from '@bucketftp/storage-s3';
import { createBucket } from '@bucketftp/storage-s3/testing';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writePatternFile } from '../support/files.js';
import { killCurlDuringUpload } from '../support/killed-curl.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { digestStream } from './support/hashing.js';
import { listKeys, multipartUploads, objectDigest, useMoto } from './support/s3.js';

const MIB = 1024 * 1024;
const PREFIX = 'home/killed';

describe('S3: curl killed during an upload under the single-PUT size', () => {
  const moto = useMoto();
  let server: TestServer | undefined;
  let local: string;

  beforeAll(async () => {
    local = await makeTempDir('s3-killed-upload');
  });
  afterAll(async () => {
    await server?.close();
    await removeDir(local);
  });

  it('leaves the existing object intact and no multipart upload behind', async () => {
    const client = moto.client();
    const bucket = await createBucket(client, 'killed');
    // 8 MiB parts: a 6 MiB file is a single PutObject once its last byte arrived.
    const storage = new S3Driver({ bucket, client, prefix: PREFIX, partSizeBytes: 8 * MIB });
    server = await startTestServer({ storage });
    const original = Buffer.alloc(MIB + 3, 0x4f);
    await storage.write('/existing.bin', Readable.from([original]));
    const before = await objectDigest(client, bucket, `${PREFIX}/existing.bin`);
    expect(before).toEqual(await digestStream(Readable.from([original])));
    const source = join(local, 'replacement.bin');
    await writePatternFile(source, 6 * MIB, 's3-killed-replacement');

    const { bytesBeforeKill } = await killCurlDuringUpload(server.server, {
      source,
      url: `${server.url}/existing.bin`,
      rateBytesPerSecond: MIB,
      killAfterBytes: 2 * MIB,
    });

    expect(bytesBeforeKill).toBeLessThan(6 * MIB);
    expect(await objectDigest(client, bucket, `${PREFIX}/existing.bin`)).toEqual(before);
    expect(await listKeys(client, bucket)).toEqual([`${PREFIX}/existing.bin`]);
    expect(await multipartUploads(client, bucket)).toEqual([]);
  });
});
