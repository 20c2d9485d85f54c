import type { S3Client } from '@aws-sdk/client-s3';

/** The bucket every request of one driver goes to, and the client that sends them. */
export interface S3Target {
  readonly client: S3Client;
  readonly bucket: string;
}
