import { describeStorageDriver } from '@bucketftp/storage/conformance';
import { driverOn, emptyBucket, expectNoTemporaries, useGcsEmulator } from './emulator.fixture.js';

const gcs = useGcsEmulator();
const PREFIX = 'tenants/alice/';

// Every test gets a fresh bucket and a key prefix; afterwards nothing may be left under the
// temporaries prefix (at the bucket root, outside the key prefix), whatever the test did. Small
// files are sent whole by default; with directUploadMaxBytes 0 none is held whole: a new file is
// streamed onto its name, every other upload is staged.
for (const directUploadMaxBytes of [undefined, 0]) {
  describeStorageDriver(directUploadMaxBytes === undefined ? 'gcs' : 'gcs (new files streamed, the rest staged)', async () => {
    const { driver, bucket } = await driverOn(gcs, { prefix: PREFIX, ...(directUploadMaxBytes !== undefined && { directUploadMaxBytes }) });
    return {
      driver,
      cleanup: async () => {
        try {
          await expectNoTemporaries(bucket);
        } finally {
          await emptyBucket(bucket);
        }
      },
    };
  });
}
