/** RETR/STOR through the S3 driver into moto vs the AWS SDK against the same moto. */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { Scenario } from '../lib/context.js';
import { objectSource, sdkDownload, sdkUpload } from '../lib/s3.js';
import { startBucketftp } from '../servers/bucketftp.js';
import { createBucket, motoClient, startMoto } from '@bucketftp/storage-s3/testing';
import { runObjectTransfer } from './object-transfer.js';

export const s3Transfer: Scenario = {
  id: 's3-transfer',
  title: 'RETR/STOR of a big file through the S3 driver (moto) vs the AWS SDK',
  async run(context) {
    const moto = await startMoto();
    const client = motoClient(moto.endpoint);
    try {
      const bucket = await createBucket(client, 'bench');
      const prefix = 'bench';
      await runObjectTransfer(context, {
        label: 'S3 (moto)',
        sdk: 'aws-sdk',
        prefix,
        upload: (key, path) => sdkUpload(client, bucket, key, path),
        download: (key, destination) => sdkDownload(client, bucket, key, destination),
        source: (key) => objectSource(client, bucket, key),
        remove: async (key) => {
          await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
        },
        storage: { driver: 's3', endpoint: moto.endpoint, bucket, prefix },
        startServer: () => startBucketftp(context, 's3', { driver: 's3', endpoint: moto.endpoint, bucket, prefix }),
      });
    } finally {
      client.destroy();
      await moto.stop();
    }
  },
};
