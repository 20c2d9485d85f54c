/**
 * An S3 backend that hangs in the middle of an upload: moto is paused (SIGSTOP) after 12 MiB of a
 * 20 MiB STOR over an existing file. The client gets a clean 451 — no backend text — within the
 * storage's requestTimeoutMs per SDK attempt (plus headroom), not after however long the pause
 * lasts; once moto runs again the previous object is intact and no multipart upload is left.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../support/files.js';
import { digestStream, writeHashedPatternFile } from './support/hashing.js';
import { MIB } from './support/memory.js';
import { interruptedUpload } from './support/raw-session.js';
import { multipartUploads, objectDigest, useMoto } from './support/s3.js';

const REQUEST_TIMEOUT_MS = 2000;
/** 3 SDK attempts of a stalled part, then 3 of the abort, each bounded; the rest is headroom. */
const REPLY_BOUND_MS = 6 * REQUEST_TIMEOUT_MS + 30_000;

describe('S3: a backend that stops answering during STOR', () => {
  const moto = useMoto();
  let local: string;
  let source: string;

  beforeAll(async () => {
    local = await makeTempDir('s3-timeout');
    source = join(local, 'source.bin');
    await writeHashedPatternFile(source, 20 * MIB, 's3-timeout');
  });
  afterAll(async () => {
    await removeDir(local);
  });

  it('answers 451 within the request timeout and leaves the previous object intact', async () => {
    const { server, bucket, key } = await moto.serve({ requestTimeoutMs: REQUEST_TIMEOUT_MS });
    const client = moto.client();
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key('file.bin'), Body: 'the previous version' }));
    const previous = await digestStream(Readable.from([Buffer.from('the previous version')]));

    let paused = false;
    try {
      const { reply, afterLastByteMs } = await interruptedUpload(server, {
        source,
        command: 'STOR file.bin',
        midwayAt: 12 * MIB,
        midway: () => {
          process.kill(moto.pid(), 'SIGSTOP');
          paused = true;
        },
      });
      expect(reply.code, reply.lines.join('\n')).toBe(451);
      expect(reply.lines.join('\n')).toMatch(/Storage temporarily unavailable/);
      expect(reply.lines.join('\n')).not.toMatch(/smithy|socket|timed out|moto/i);
      expect(afterLastByteMs).toBeLessThan(REPLY_BOUND_MS);
    } finally {
      if (paused) process.kill(moto.pid(), 'SIGCONT');
    }
    // The requests the paused emulator had queued (the abort included) are served now.
    let uploads = await multipartUploads(client, bucket);
    for (let attempt = 0; attempt < 150 && uploads.length > 0; attempt++) {
      await sleep(200);
      uploads = await multipartUploads(client, bucket);
    }
    expect(uploads).toEqual([]);
    expect(await objectDigest(client, bucket, key('file.bin'))).toEqual(previous);
  }, 180_000);
});
