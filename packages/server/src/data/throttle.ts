/**
 * The bandwidth limiter on the byte path: a Transform that takes a chunk's size from every bucket
 * it answers to (the user's, the server's) and passes the chunk on once they are out of debt. It
 * holds at most the chunk it waits for; meanwhile the pipeline's backpressure stops the reading
 * end, so an upload's client is slowed by TCP flow control and a download reads storage no faster.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { TokenBucket } from '../limits/token-bucket.js';

/**
 * Debts shorter than this are not waited for at once but carried into the next chunk: a timer per
 * chunk costs more throughput than it saves in smoothness.
 */
export const MIN_WAIT_MS = 20;

export class Throttle extends Transform {
  private timer: NodeJS.Timeout | undefined;
  private heldBytes = 0;

  constructor(
    private readonly buckets: readonly TokenBucket[],
    released: () => void = () => undefined,
  ) {
    super();
    this.once('close', released);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let waitMs = 0;
    for (const bucket of this.buckets) waitMs = Math.max(waitMs, bucket.take(chunk.length));
    if (waitMs < MIN_WAIT_MS) {
      callback(null, chunk);
      return;
    }
    this.heldBytes = chunk.length;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.heldBytes = 0;
      callback(null, chunk);
    }, Math.ceil(waitMs));
  }

  /** ABOR, a data timeout or a failure: the wait ends at once, and the held chunk's tokens go back. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      for (const bucket of this.buckets) bucket.refund(this.heldBytes);
      this.heldBytes = 0;
    }
    callback(error);
  }
}
