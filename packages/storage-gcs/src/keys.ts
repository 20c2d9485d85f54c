/**
 * GCS object names: the shared mapping (`@bucketftp/storage/object-store`) with GCS's naming rules
 * and the reserved folder `<prefix>.bucketftp-tmp/` for temporaries, which no user path may name.
 */
import { ObjectKeys } from '@bucketftp/storage/object-store';

export const DEFAULT_TEMP_FOLDER = '.bucketftp-tmp';

/** https://cloud.google.com/storage/docs/objects#naming */
const MAX_OBJECT_NAME_BYTES = 1024;
const FORBIDDEN_NAME_CHARACTERS = /[\r\n]/;
const FORBIDDEN_NAME_PREFIX = '.well-known/acme-challenge/';

export function gcsObjectKeys(prefix = '', tempFolder = DEFAULT_TEMP_FOLDER): ObjectKeys {
  return new ObjectKeys({
    prefix,
    tempFolder,
    maxNameBytes: MAX_OBJECT_NAME_BYTES,
    refusesName: (name) => FORBIDDEN_NAME_CHARACTERS.test(name) || name.startsWith(FORBIDDEN_NAME_PREFIX),
  });
}
