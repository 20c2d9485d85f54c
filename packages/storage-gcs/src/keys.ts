/**
 * GCS object names: the shared mapping (`@bucketftp/storage/object-store`) with GCS's naming rules
 * and one bucket-wide prefix for temporaries, `.bucketftp-tmp/` unless configured, outside every
 * user's prefix (a user at the bucket root may not name it, nor see it).
 */
import { ObjectKeys } from '@bucketftp/storage/object-store';

export const DEFAULT_TEMP_PREFIX = '.bucketftp-tmp/';

/** https://cloud.google.com/storage/docs/objects#naming */
const MAX_OBJECT_NAME_BYTES = 1024;
const FORBIDDEN_NAME_CHARACTERS = /[\r\n]/;
const FORBIDDEN_NAME_PREFIX = '.well-known/acme-challenge/';

export function gcsObjectKeys(prefix = '', tempPrefix = DEFAULT_TEMP_PREFIX): ObjectKeys {
  return new ObjectKeys({
    prefix,
    tempPrefix,
    maxNameBytes: MAX_OBJECT_NAME_BYTES,
    refusesName: (name) => FORBIDDEN_NAME_CHARACTERS.test(name) || name.startsWith(FORBIDDEN_NAME_PREFIX),
  });
}
