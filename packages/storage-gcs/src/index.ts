export { GcsDriver } from './gcs-driver.js';
export type { GcsDriverOptions } from './options.js';
export { GCS_STORAGE_CLASSES, KMS_KEY_NAME, type GcsObjectOptions, type GcsStorageClass } from './object-options.js';
