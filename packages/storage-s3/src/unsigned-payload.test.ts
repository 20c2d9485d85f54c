/**
 * The client the driver builds sends upload bodies with `UNSIGNED-PAYLOAD` and their CRC32 as a
 * signed header instead of hashing them for the signature; every other request keeps its SHA-256.
 * On moto, with the signed headers recorded after the SDK's signing step.
 */
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createClient } from './options.js';
import { S3Driver } from './s3-driver.js';
import { pattern, sha256, useMoto } from './test-support.fixture.js';
import { createBucket } from './testing/moto.js';

const moto = useMoto();

interface Signed {
  readonly command: string;
  readonly contentSha256: string | undefined;
  readonly signedHeaders: readonly string[];
}

/** Records the headers of every request `client` signs from now on. */
function recordSigned(client: S3Client): Signed[] {
  const signed: Signed[] = [];
  type Middleware = Parameters<S3Client['middlewareStack']['addRelativeTo']>[0];
  type Handler = (args: { readonly request: unknown }) => Promise<unknown>;
  const record = (next: Handler, context: { readonly commandName?: string }): Handler => (args) => {
    const headers = (args.request as { headers: Record<string, string> }).headers;
    const authorization = headers.authorization ?? '';
    signed.push({
      command: String(context.commandName).replace(/Command$/, ''),
      contentSha256: headers['x-amz-content-sha256'],
      signedHeaders: /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [],
    });
    return next(args);
  };
  client.middlewareStack.addRelativeTo(record as unknown as Middleware, { name: 'recordSigned', relation: 'after', toMiddleware: 'httpSigningMiddleware' });
  return signed;
}

function ownClient(): S3Client {
  return createClient({
    bucket: 'unused',
    endpoint: moto.endpoint(),
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

describe('upload bodies signed through their checksum', () => {
  it('sends PutObject and UploadPart as UNSIGNED-PAYLOAD with a signed CRC32, and the bytes arrive intact', async () => {
    const client = ownClient();
    try {
      const bucket = await createBucket(client);
      const driver = new S3Driver({ bucket, client, partSizeBytes: 5 * 1024 * 1024, multipartThreshold: 5 * 1024 * 1024 });
      const signed = recordSigned(client);
      await driver.write('/small.bin', pattern(0, 100_000));
      await driver.write('/big.bin', pattern(0, 12 * 1024 * 1024));
      expect(await sha256(await driver.read('/small.bin'))).toEqual(await sha256(pattern(0, 100_000)));
      expect(await sha256(await driver.read('/big.bin'))).toEqual(await sha256(pattern(0, 12 * 1024 * 1024)));
      const uploads = signed.filter((request) => request.command === 'PutObject' || request.command === 'UploadPart');
      expect(uploads.map((request) => request.command)).toEqual(['PutObject', 'UploadPart', 'UploadPart', 'UploadPart']);
      for (const request of uploads) {
        expect(request.contentSha256).toBe('UNSIGNED-PAYLOAD');
        expect(request.signedHeaders).toEqual(expect.arrayContaining(['x-amz-checksum-crc32', 'x-amz-content-sha256']));
      }
    } finally {
      client.destroy();
    }
  });

  it('keeps the SHA-256 of every other request body', async () => {
    const client = ownClient();
    try {
      const bucket = await createBucket(client);
      const signed = recordSigned(client);
      await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'absent' }] } }));
      expect(signed.map((request) => request.command)).toEqual(['DeleteObjects']);
      expect(signed[0]?.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      client.destroy();
    }
  });
});
