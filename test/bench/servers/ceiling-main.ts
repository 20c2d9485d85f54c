/**
 * The ceiling of a path: the least a Node program must do to move the same bytes between a TCP
 * socket and the same storage, without FTP — plain HTTP, so that curl can be its client as it is
 * the FTP servers' client:
 *   GET /name  → the file or object's bytes;
 *   PUT /name  → the request body is the file; the response comes once it is stored (committed).
 * The storage comes from BENCH_STORAGE (JSON, the shape of servers/bucketftp.ts BenchStorage).
 */
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { Storage } from '@google-cloud/storage';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { s3UploadSink } from './ceiling-s3-upload.js';

type Storage_ =
  | { driver: 'fs'; root: string }
  | { driver: 's3'; endpoint: string; bucket: string; prefix: string }
  | { driver: 'gcs'; apiEndpoint: string; projectId: string; bucket: string; prefix: string };

const CHUNK = 1024 * 1024;
const storage = JSON.parse(process.env['BENCH_STORAGE'] ?? '{}') as Storage_;
const s3 =
  storage.driver === 's3'
    ? new S3Client({ endpoint: storage.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
    : undefined;
const gcs = storage.driver === 'gcs' ? new Storage({ apiEndpoint: storage.apiEndpoint, projectId: storage.projectId }) : undefined;

async function source(name: string): Promise<Readable> {
  if (storage.driver === 'fs') return createReadStream(join(storage.root, name), { highWaterMark: CHUNK });
  if (storage.driver === 's3' && s3) {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: storage.bucket, Key: `${storage.prefix}/${name}` }));
    return Body as Readable;
  }
  if (storage.driver === 'gcs' && gcs) return gcs.bucket(storage.bucket).file(`${storage.prefix}/${name}`).createReadStream({ validation: false });
  throw new Error('no storage');
}

/** Where an upload goes, and what makes it visible once the bytes are in (a rename for files). */
function sink(name: string): { writable: Writable; commit: () => Promise<void> } {
  if (storage.driver === 'fs') {
    const target = join(storage.root, name);
    return { writable: createWriteStream(`${target}.part`), commit: () => rename(`${target}.part`, target) };
  }
  if (storage.driver === 's3' && s3) return { writable: s3UploadSink(s3, storage.bucket, `${storage.prefix}/${name}`), commit: async () => undefined };
  if (storage.driver === 'gcs' && gcs) {
    const file = gcs.bucket(storage.bucket).file(`${storage.prefix}/${name}`);
    return { writable: file.createWriteStream({ resumable: true, validation: false, metadata: { contentType: 'application/octet-stream' } }), commit: async () => undefined };
  }
  throw new Error('no storage');
}

/** GET streams a file or object out; PUT streams the request body in and answers once it is stored. */
async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const name = decodeURIComponent((request.url ?? '/').slice(1));
  if (request.method === 'GET' && name === '') {
    response.end('ready');
  } else if (request.method === 'GET') {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    await pipeline(await source(name), response);
  } else if (request.method === 'PUT') {
    const { writable, commit } = sink(name);
    await pipeline(request, writable);
    await commit();
    response.end('stored');
  } else {
    response.writeHead(405).end();
  }
}

const server = createServer({ highWaterMark: CHUNK }, (request, response) => {
  serve(request, response).catch((error: unknown) => {
    process.stderr.write(`ceiling: ${(error as Error).message}\n`);
    if (response.headersSent) response.destroy();
    else response.writeHead(500).end();
  });
});
server.listen(Number(process.env['BENCH_PORT']), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
