/**
 * Builds one storage driver from its configuration (paths in it are already absolute). Each driver
 * is imported when first needed: the AWS and Google SDKs cost 20–30 MiB of memory each, which a
 * server using only one of them (or only local folders) need not carry.
 */
import { mkdir } from 'node:fs/promises';
import type { StorageDriver } from '@bucketftp/storage';
import type { StorageConfig } from '../config/schema.js';

/** What a request of a cloud storage may wait for, unless the storage sets less (README: requestTimeoutMs). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface DriverBounds {
  /**
   * The longest request timeout allowed (the server's data timeout): a transfer is never left
   * waiting on its storage for longer than it would wait on its client.
   */
  readonly maxRequestTimeoutMs?: number;
}

export async function createDriver(config: StorageConfig, bounds: DriverBounds = {}): Promise<StorageDriver> {
  switch (config.driver) {
    case 'fs': {
      await mkdir(config.root, { recursive: true });
      const { FsDriver } = await import('@bucketftp/storage-fs');
      return new FsDriver({ root: config.root, durable: config.durable });
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
        partSizeBytes: bytesOf(config.partSizeMiB),
        maxPartsInFlight: config.maxPartsInFlight,
        mtimeLookups: config.mtimeLookups,
        folderCacheMs: config.folderCacheMs,
        requestTimeoutMs: requestTimeout(config.requestTimeoutMs, bounds),
        objectOptions: {
          serverSideEncryption: config.serverSideEncryption,
          kmsKeyId: config.kmsKeyId,
          storageClass: config.storageClass,
          tags: config.tags,
          acl: config.acl,
        },
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
        requestTimeoutMs: requestTimeout(config.requestTimeoutMs, bounds),
        directUploadMaxBytes: bytesOf(config.directUploadMaxMiB),
        resumableChunkSize: bytesOf(config.resumableChunkMiB),
        objectOptions: { kmsKeyName: config.kmsKeyName, storageClass: config.storageClass },
        tempPrefix: config.tempPrefix,
      });
    }
  }
}

function bytesOf(mebibytes: number | undefined): number | undefined {
  return mebibytes === undefined ? undefined : mebibytes * 1024 * 1024;
}

function requestTimeout(configured: number | undefined, bounds: DriverBounds): number {
  return Math.min(configured ?? DEFAULT_REQUEST_TIMEOUT_MS, bounds.maxRequestTimeoutMs ?? Number.POSITIVE_INFINITY);
}
