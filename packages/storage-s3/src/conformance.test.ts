/**
 * The shared storage-driver conformance suite against moto, with a key prefix as the home so the
 * mapping is exercised too. After every case: no multipart upload may be left behind and no key
 * may lie outside the prefix.
 */
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describeStorageDriver } from '@bucketftp/storage/conformance';
import { afterAll, beforeAll, expect } from 'vitest';
import { MIB } from './limits.js';
import { S3Driver } from './s3-driver.js';
import { createBucket, motoClient, startMoto, type MotoServer } from './testing/moto.js';

const PREFIX = 'users/alice';

let moto: MotoServer | undefined;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});

describeStorageDriver(
  's3 on moto',
  async () => {
    if (!moto) throw new Error('moto is not running');
    const client = motoClient(moto.endpoint);
    const bucket = await createBucket(client, 'conformance');
    const driver = new S3Driver({ bucket, client, prefix: PREFIX, partSizeBytes: 5 * MIB });
    const cleanup = async (): Promise<void> => {
      try {
        const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
        expect(uploads.Uploads ?? []).toEqual([]);
        const outside = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
        for (const object of outside.Contents ?? []) expect(object.Key?.startsWith(`${PREFIX}/`)).toBe(true);
      } finally {
        client.destroy();
      }
    };
    return { driver, cleanup };
  },
  { largeFileBytes: 24 * MIB },
);
