/**
 * @google-cloud/storage talking to the GCS emulator directly: the baseline the GCS driver is
 * measured against, with the driver's transfer settings (one resumable request per upload, no
 * chunk size; a plain media download).
 */
import type { Storage } from '@google-cloud/storage';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { RangeSource } from './data.js';

export async function gcsUpload(storage: Storage, bucket: string, key: string, path: string): Promise<void> {
  const target = storage.bucket(bucket).file(key);
  await pipeline(createReadStream(path), target.createWriteStream({ resumable: true, metadata: { contentType: 'application/octet-stream' } }));
}

export async function gcsDownload(storage: Storage, bucket: string, key: string, destination: string): Promise<void> {
  await pipeline(storage.bucket(bucket).file(key).createReadStream(), createWriteStream(destination));
}

export function gcsObjectSource(storage: Storage, bucket: string, key: string): RangeSource {
  const file = storage.bucket(bucket).file(key);
  return {
    size: async () => Number((await file.getMetadata())[0].size),
    read: async (offset, length) => (await file.download({ start: offset, end: offset + length - 1, validation: false }))[0],
  };
}
