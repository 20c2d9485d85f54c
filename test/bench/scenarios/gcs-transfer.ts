/** RETR/STOR through the GCS driver into the emulator vs @google-cloud/storage against the same emulator. */
import { Storage } from '@google-cloud/storage';
import { Unavailable, type Scenario } from '../lib/context.js';
import { gcsDownload, gcsObjectSource, gcsUpload } from '../lib/gcs.js';
import { startBucketftp } from '../servers/bucketftp.js';
import { startGcsEmulator, type GcsEmulator } from '@bucketftp/storage-gcs/testing';
import { runObjectTransfer } from './object-transfer.js';

export const gcsTransfer: Scenario = {
  id: 'gcs-transfer',
  title: 'RETR/STOR of a big file through the GCS driver (emulator) vs @google-cloud/storage',
  async run(context) {
    let emulator: GcsEmulator;
    try {
      emulator = await startGcsEmulator();
    } catch (error) {
      throw new Unavailable(`the GCS emulator did not start: ${(error as Error).message}`);
    }
    try {
      const storage = new Storage({ apiEndpoint: emulator.apiEndpoint, projectId: emulator.projectId });
      const bucket = 'bench';
      await emulator.createBucket(bucket);
      const prefix = 'bench';
      await runObjectTransfer(context, {
        label: 'GCS (emulator)',
        sdk: 'gcs-sdk',
        prefix,
        upload: (key, path) => gcsUpload(storage, bucket, key, path),
        download: (key, destination) => gcsDownload(storage, bucket, key, destination),
        source: (key) => gcsObjectSource(storage, bucket, key),
        remove: async (key) => {
          await storage.bucket(bucket).file(key).delete();
        },
        storage: { driver: 'gcs', apiEndpoint: emulator.apiEndpoint, projectId: emulator.projectId, bucket, prefix },
        startServer: () =>
          startBucketftp(context, 'gcs', { driver: 'gcs', apiEndpoint: emulator.apiEndpoint, projectId: emulator.projectId, bucket, prefix }),
      });
    } finally {
      await emulator.stop();
    }
  },
};
