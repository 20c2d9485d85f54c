import { describeStorageDriver } from '@bucketftp/storage/conformance';
import { driverOn, emptyBucket, expectNoTemporaries, useGcsEmulator } from './emulator.fixture.js';

const gcs = useGcsEmulator();
const PREFIX = 'tenants/alice/';

// Every test gets a fresh bucket and a key prefix; afterwards nothing may be left under the
// temporaries prefix (at the bucket root, outside the key prefix), whatever the test did.
describeStorageDriver('gcs', async () => {
  const { driver, bucket } = await driverOn(gcs, { prefix: PREFIX });
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
