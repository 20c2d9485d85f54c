/**
 * Builds one storage driver from its configuration (paths in it are already absolute). Each driver
 * is imported when first needed: the AWS and Google SDKs cost 20–30 MiB of memory each, which a
 * server using only one of them (or only local folders) need not carry.
 */
import { mkdir } from 'node:fs/promises';
import type { StorageDriver } from '@bucketftp/storage';
import type { StorageConfig } from '../config/schema.js';

export async function createDriver(config: StorageConfig): Promise<StorageDriver> {
  switch (config.driver) {
    case 'fs': {
      await mkdir(config.root, { recursive: true });
      const { FsDriver } = await import('@bucketftp/storage-fs');
      return new FsDriver({ root: config.root });
    }
    case 's3': {
      const { S3Driver } = await import('@bucketftp/storage-s3');
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
    }
    case 'gcs': {
      const { GcsDriver } = await import('@bucketftp/storage-gcs');
      return new GcsDriver({
        bucket: config.bucket,
        prefix: config.prefix,
        projectId: config.projectId,
        apiEndpoint: config.apiEndpoint,
        keyFilename: config.keyFilename,
      });
    }
  }
}
