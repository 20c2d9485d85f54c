/** Error classification, with real failures from moto and the network wherever they can be produced. */
import { GetObjectCommand, HeadObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { StorageError } from '@bucketftp/storage';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classifyS3Error } from './errors.js';
import { S3Driver } from './s3-driver.js';
import { motoClient } from './testing/moto.js';
import { useMoto } from './test-support.fixture.js';

const moto = useMoto();

async function failureOf(operation: Promise<unknown>): Promise<unknown> {
  return operation.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error,
  );
}

function expectClassified(error: unknown, kind: StorageError['kind']): void {
  const classified = classifyS3Error(error, '/some/path');
  expect(classified).toBeInstanceOf(StorageError);
  expect(classified.kind).toBe(kind);
  expect(classified.cause).toBe(error);
  if (error instanceof Error && error.message !== '') expect(classified.message).not.toContain(error.message);
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('classifying real S3 failures', () => {
  it('a missing key is not-found', async () => {
    const { client, bucket } = await moto.bucket();
    expectClassified(await failureOf(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing' }))), 'not-found');
    expectClassified(await failureOf(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing' }))), 'not-found');
  });

  it('a missing bucket is storage-missing (a permanent configuration error), not a missing file', async () => {
    const { client } = await moto.bucket();
    const error = await failureOf(client.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k' })));
    expect(error).toMatchObject({ name: 'NoSuchBucket' });
    expectClassified(error, 'storage-missing');
    const driver = new S3Driver({ bucket: 'no-such-bucket-here', client });
    await expect(driver.read('/f')).rejects.toMatchObject({ kind: 'storage-missing' });
    await expect(driver.mkdir('/d')).rejects.toMatchObject({ kind: 'storage-missing' });
    await expect(driver.stat('/f')).rejects.toMatchObject({ kind: 'storage-missing' });
    await expect(driver.ping()).rejects.toMatchObject({ kind: 'storage-missing', message: 'S3 bucket does not exist' });
  });

  it('a refused connection is unavailable', async () => {
    const client = motoClient(`http://127.0.0.1:${await closedPort()}`);
    try {
      const driver = new S3Driver({ bucket: 'b', client });
      const error = await failureOf(driver.stat('/f'));
      expect(error).toMatchObject({ name: 'StorageError', kind: 'unavailable' });
      await expect(driver.ping()).rejects.toMatchObject({ kind: 'unavailable' });
    } finally {
      client.destroy();
    }
  });

  it('an aborted request is aborted', async () => {
    const { client, bucket } = await moto.bucket();
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' }), { abortSignal: controller.signal }));
    expectClassified(error, 'aborted');
    const driver = new S3Driver({ bucket, client });
    await expect(driver.stat('/f', { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('classifying S3 error codes moto cannot produce', () => {
  const serviceError = (name: string, status: number) =>
    new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `backend says ${name}` });

  it.each([
    ['AccessDenied', 403, 'permission'],
    ['Forbidden', 403, 'permission'],
    ['SlowDown', 503, 'unavailable'],
    ['InternalError', 500, 'unavailable'],
    ['SomethingNew', 502, 'unavailable'],
    ['EntityTooLarge', 400, 'quota'],
    ['KeyTooLongError', 400, 'invalid-name'],
    ['NoSuchUpload', 404, 'unavailable'],
    ['NotFound', 404, 'not-found'],
  ] as const)('%s (%d) is %s', (name, status, kind) => {
    expectClassified(serviceError(name, status), kind);
  });

  it('passes storage errors through unchanged and names the path, never the backend text', () => {
    const original = new StorageError('exists', 'already exists: /x');
    expect(classifyS3Error(original)).toBe(original);
    const classified = classifyS3Error(serviceError('AccessDenied', 403), '/secret/file');
    expect(classified.message).toBe('permission denied by the storage backend: /secret/file');
  });

  it('classifies timeouts and network resets as unavailable', () => {
    expectClassified(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'unavailable');
    expectClassified(Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'unavailable');
  });
});
