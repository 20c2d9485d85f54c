import { describe, expect, it } from 'vitest';
import { DOWNLOAD_READ_AHEAD_BYTES, downloadStream } from './download-stream.js';

const CHUNK = 64 * 1024;

interface CountingBody {
  readonly chunks: AsyncGenerator<Uint8Array>;
  /** Bytes taken from the body so far. */
  readonly taken: () => number;
  readonly ended: () => boolean;
}

/** An endless body of 64 KiB chunks that counts what was taken from it. */
function countingBody(): CountingBody {
  let taken = 0;
  let ended = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        taken += CHUNK;
        yield new Uint8Array(CHUNK);
      }
    } finally {
      ended = true;
    }
  }
  return { chunks: chunks(), taken: () => taken, ended: () => ended };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('downloadStream', () => {
  it('reads ahead of a consumer that does not read, up to its bound and no further', async () => {
    const body = countingBody();
    const stream = downloadStream(body.chunks);
    stream.pause();
    stream.read(0); // start filling without consuming
    await settle();
    expect(body.taken()).toBeGreaterThanOrEqual(DOWNLOAD_READ_AHEAD_BYTES);
    // One chunk may be in hand beyond the bound (the one that crossed it).
    expect(body.taken()).toBeLessThanOrEqual(DOWNLOAD_READ_AHEAD_BYTES + CHUNK);
    stream.destroy();
  });

  it('takes more only as the consumer reads', async () => {
    const body = countingBody();
    const stream = downloadStream(body.chunks);
    stream.read(0);
    await settle();
    const before = body.taken();
    stream.read(4 * CHUNK);
    await settle();
    expect(body.taken()).toBeGreaterThan(before);
    expect(body.taken()).toBeLessThanOrEqual(before + 4 * CHUNK + CHUNK);
    stream.destroy();
  });

  it('ends the body when destroyed', async () => {
    const body = countingBody();
    const stream = downloadStream(body.chunks);
    stream.read(0);
    await settle();
    stream.destroy();
    await settle();
    expect(body.ended()).toBe(true);
  });
});
