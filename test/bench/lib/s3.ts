/**
 * The AWS SDK talking to S3 (moto) directly: the baseline the S3 driver is measured against. The
 * upload uses the driver's defaults (8 MiB parts, 4 in flight), reading parts straight from the
 * file, so the difference left is what the FTP path adds.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RangeSource } from './data.js';
import { inParallel } from './parallel.js';
import { MiB } from './sizes.js';

const PART_BYTES = 8 * MiB;
const PARTS_IN_FLIGHT = 4;

export async function sdkUpload(client: S3Client, bucket: string, key: string, path: string): Promise<void> {
  const size = (await stat(path)).size;
  const file = await open(path, 'r');
  try {
    if (size <= PART_BYTES) {
      const body = await readPart(file, 0, size);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: size }));
      return;
    }
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    try {
      const count = Math.ceil(size / PART_BYTES);
      const etags: string[] = [];
      await inParallel(count, PARTS_IN_FLIGHT, async (index) => {
        const offset = index * PART_BYTES;
        const body = await readPart(file, offset, Math.min(PART_BYTES, size - offset));
        const part = await client.send(
          new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: index + 1, Body: body, ContentLength: body.length }),
        );
        etags[index] = part.ETag ?? '';
      });
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: etags.map((ETag, index) => ({ ETag, PartNumber: index + 1 })) },
        }),
      );
    } catch (error) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => undefined);
      throw error;
    }
  } finally {
    await file.close();
  }
}

export async function sdkDownload(client: S3Client, bucket: string, key: string, destination: string): Promise<void> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new Error(`GetObject ${key}: no body`);
  await pipeline(Body as Readable, createWriteStream(destination));
}

export function objectSource(client: S3Client, bucket: string, key: string): RangeSource {
  return {
    size: async () => (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? -1,
    read: async (offset, length) => {
      const range = `bytes=${offset}-${offset + length - 1}`;
      const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
      if (!Body) throw new Error(`GetObject ${key} ${range}: no body`);
      return Buffer.from(await Body.transformToByteArray());
    },
  };
}

async function readPart(file: Awaited<ReturnType<typeof open>>, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, offset + done);
    if (bytesRead === 0) throw new Error(`file ended at ${offset + done}`);
    done += bytesRead;
  }
  return buffer;
}
