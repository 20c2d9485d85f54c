/**
 * The bandwidth limiter on the byte path: a Transform that takes the size of each piece of a chunk
 * from every bucket it answers to (the user's, the server's) and passes the piece on once they are
 * out of debt. It holds only the chunk it works on; meanwhile the pipeline's backpressure stops the
 * reading end, so an upload's client is slowed by TCP flow control and a download reads storage no
 * faster than it is sent.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { TokenBucket } from '../limits/token-bucket.js';

/**
 * Debts shorter than this are not waited for at once but carried into the next piece: a timer per
 * chunk costs more throughput than it saves in smoothness.
 */
export const MIN_WAIT_MS = 20;

export class Throttle extends Transform {
  /**
   * Chunks are passed in pieces of at most one burst (views, not copies), so a large storage chunk
   * at a low rate trickles out instead of leaving after one long silence.
   */
  private readonly pieceBytes: number;
  private timer: NodeJS.Timeout | undefined;
  private heldBytes = 0;

  constructor(
    private readonly buckets: readonly TokenBucket[],
    released: () => void = () => undefined,
  ) {
    super();
    this.pieceBytes = Math.min(...buckets.map((bucket) => bucket.burstBytes));
    this.once('close', released);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pass(chunk, 0, callback);
  }

  private pass(chunk: Buffer, offset: number, callback: TransformCallback): void {
    while (offset < chunk.length) {
      const piece = chunk.subarray(offset, offset + this.pieceBytes);
      offset += piece.length;
      let waitMs = 0;
      for (const bucket of this.buckets) waitMs = Math.max(waitMs, bucket.take(piece.length));
      if (waitMs >= MIN_WAIT_MS) {
        this.heldBytes = piece.length;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.heldBytes = 0;
          this.push(piece);
          this.pass(chunk, offset, callback);
        }, Math.ceil(waitMs));
        return;
      }
      this.push(piece);
    }
    callback();
  }

  /** ABOR, a data timeout or a failure: the wait ends at once, and the held piece's tokens go back. */
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
