/**
 * A streaming multipart upload as small as it gets, with the S3 driver's defaults (8 MiB parts,
 * 4 in flight): the socket → SDK half of the S3 STOR ceiling. Below one part: one PutObject.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Writable } from 'node:stream';

const PART_BYTES = 8 * 1024 * 1024;
const IN_FLIGHT = 4;

export function s3UploadSink(client: S3Client, bucket: string, key: string): Writable {
  let buffered: Buffer[] = [];
  let bufferedBytes = 0;
  let uploadId: string | undefined;
  const parts: { ETag: string; PartNumber: number }[] = [];
  const running = new Set<Promise<void>>();
  let failure: Error | undefined;

  let partCount = 0;
  const sendPart = async (body: Buffer, PartNumber: number): Promise<void> => {
    const { ETag } = await client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: body, ContentLength: body.length }));
    parts.push({ ETag: ETag ?? '', PartNumber });
  };
  const startPart = async (): Promise<void> => {
    const body = Buffer.concat(buffered, bufferedBytes);
    buffered = [];
    bufferedBytes = 0;
    if (uploadId === undefined) uploadId = (await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))).UploadId;
    const task = sendPart(body, ++partCount).catch((error: unknown) => {
      failure ??= error as Error;
    });
    running.add(task);
    void task.finally(() => running.delete(task));
    while (running.size >= IN_FLIGHT) await Promise.race(running);
  };

  return new Writable({
    highWaterMark: PART_BYTES,
    write(chunk: Buffer, _encoding, done) {
      buffered.push(chunk);
      bufferedBytes += chunk.length;
      if (bufferedBytes < PART_BYTES) return done(failure);
      startPart().then(() => done(failure), done);
    },
    final(done) {
      void (async () => {
        if (uploadId === undefined) {
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.concat(buffered, bufferedBytes), ContentLength: bufferedBytes }));
          return;
        }
        if (bufferedBytes > 0) await startPart();
        await Promise.all(running);
        if (failure) throw failure;
        parts.sort((a, b) => a.PartNumber - b.PartNumber);
        await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
      })().then(
        () => done(),
        async (error: Error) => {
          if (uploadId !== undefined) await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
          done(error);
        },
      );
    },
  });
}
