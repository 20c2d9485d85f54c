import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectAttributes } from './object-attributes.js';

/** The bucket every request of one driver goes to, the client that sends them, and what the objects it writes carry. */
export interface S3Target {
  readonly client: S3Client;
  readonly bucket: string;
  /** Encryption, storage class, tags and ACL of every object written (object-attributes.ts). */
  readonly attributes: ObjectAttributes;
}
