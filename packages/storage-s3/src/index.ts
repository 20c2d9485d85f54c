export { S3Driver } from './s3-driver.js';
export type { S3DriverOptions } from './options.js';
export type { UploadStats } from './multipart-writer.js';
export { classifyS3Error } from './errors.js';
export { PartSizing, PARTS_PER_STEP } from './part-sizing.js';
