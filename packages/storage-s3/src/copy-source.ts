/**
 * The x-amz-copy-source header of CopyObject / UploadPartCopy. S3 requires its key URL-encoded
 * (S3 API reference, CopyObject: "The value must be URL-encoded") and the SDK sends it verbatim,
 * so this is the one place a key is encoded: segment by segment, keeping the `/` separators.
 */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
