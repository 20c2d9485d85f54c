/** What the driver's parts share: the bucket and its client, the key mapping and the tuning knobs. */
import type { ObjectKeys } from '@bucketftp/storage/object-store';
import type { FolderCache } from './folder-cache.js';
import type { DriverSettings } from './options.js';
import type { S3Target } from './target.js';

export interface S3Context {
  readonly target: S3Target;
  readonly keys: ObjectKeys;
  readonly settings: DriverSettings;
  /** Recent listings of folders uploads go into, and the keys being written (folder-cache.ts). */
  readonly folders: FolderCache;
}
