/**
 * A storage backend as readiness sees it: many users usually share one bucket (each under its own
 * prefix), so backends are told apart by where they connect, not by prefix, and each is pinged once.
 */
import { createHash } from 'node:crypto';
import type { StorageDriver } from '@bucketftp/storage';
import type { StorageConfig } from '../config/schema.js';

export interface Backend {
  /** Equal for storages that reach the same bucket (or folder) the same way. */
  readonly key: string;
  /** For /readyz and the logs: `s3 bucket "data" at http://…`; never a credential. */
  readonly description: string;
  readonly driver: StorageDriver;
}

export function backendKey(config: StorageConfig): string {
  switch (config.driver) {
    case 'fs':
      return `fs ${config.root}`;
    case 's3': {
      const { bucket, region, endpoint, forcePathStyle, credentials } = config;
      return `s3 ${JSON.stringify({ bucket, region, endpoint, forcePathStyle, credentials: credentials && digest(JSON.stringify(credentials)) })}`;
    }
    case 'gcs': {
      const { bucket, projectId, apiEndpoint, keyFilename } = config;
      return `gcs ${JSON.stringify({ bucket, projectId, apiEndpoint, keyFilename })}`;
    }
  }
}

export function describeBackend(config: StorageConfig): string {
  switch (config.driver) {
    case 'fs':
      return `fs folder ${config.root}`;
    case 's3':
      return `s3 bucket "${config.bucket}"${config.endpoint ? ` at ${config.endpoint}` : ` in ${config.region}`}`;
    case 'gcs':
      return `gcs bucket "${config.bucket}"${config.apiEndpoint ? ` at ${config.apiEndpoint}` : ''}`;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
