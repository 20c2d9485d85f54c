export { S3Driver } from './s3-driver.js';
export type { S3DriverOptions } from './options.js';
export {
  ARCHIVE_STORAGE_CLASSES,
  CANNED_ACLS,
  READABLE_STORAGE_CLASSES,
  TAG_LIMITS,
  tagProblem,
  type CannedAcl,
  type S3ObjectOptions,
  type S3StorageClass,
  type ServerSideEncryption,
} from './object-attributes.js';
export type { UploadStats } from './multipart-writer.js';
export { classifyS3Error } from './errors.js';
export { PartSizing, PARTS_PER_STEP } from './part-sizing.js';
