/**
 * S3 object keys: the shared mapping (`@bucketftp/storage/object-store`) with S3's key length. S3
 * keeps no temporary objects (uploads are multipart), so no folder is reserved. Keys are plain
 * UTF-8 strings handed to the SDK as they are (see copy-source.ts for the one header S3 wants
 * encoded).
 */
import { ObjectKeys } from '@bucketftp/storage/object-store';

/** S3 User Guide, "Naming Amazon S3 objects": a key is at most 1,024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

export function s3ObjectKeys(prefix = ''): ObjectKeys {
  return new ObjectKeys({ prefix, maxNameBytes: MAX_KEY_BYTES });
}
