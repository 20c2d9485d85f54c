/** Builds one storage driver from its configuration (paths in it are already absolute). */
import { mkdir } from 'node:fs/promises';
import type { StorageDriver } from '@bucketftp/storage';
import { FsDriver } from '@bucketftp/storage-fs';
import { S3Driver } from '@bucketftp/storage-s3';
import { GcsDriver } from '@bucketftp/storage-gcs';
import type { StorageConfig } from '../config/schema.js';

export async function createDriver(config: StorageConfig): Promise<StorageDriver> {
  switch (config.driver) {
    case 'fs':
      await mkdir(config.root, { recursive: true });
      return new FsDriver({ root: config.root });
    case 's3':
      return new S3Driver({
        bucket: config.bucket,
        prefix: config.prefix,
        region: config.region,
        endpoint: config.endpoint,
        forcePathStyle: config.forcePathStyle,
        credentials: config.credentials,
        partSizeBytes: config.partSizeMiB === undefined ? undefined : config.partSizeMiB * 1024 * 1024,
        maxPartsInFlight: config.maxPartsInFlight,
      });
    case 'gcs':
      return new GcsDriver({
        bucket: config.bucket,
        prefix: config.prefix,
        projectId: config.projectId,
        apiEndpoint: config.apiEndpoint,
        keyFilename: config.keyFilename,
      });
  }
}
