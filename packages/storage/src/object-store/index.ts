/** What the object-store drivers (S3, GCS) share: name mapping, directory rules, bounded work, network failures, downloads. */
export { ObjectKeys, type ObjectKeysOptions } from './object-keys.js';
export { directoryState, isEntryName, markerTime, type DirectoryState } from './directories.js';
export { forEachBounded } from './bounded.js';
export { isConnectionReset, NETWORK_ERROR_CODES, networkErrorCode } from './network-errors.js';
export { copyPassFailed, deletePassFailed, type DirectoryMove } from './rename-report.js';
export { downloadStream, DOWNLOAD_READ_AHEAD_BYTES } from './download-stream.js';
