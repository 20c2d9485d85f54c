/** One part's bytes: a fixed-size buffer the source's chunks are copied into. */
export class PartBuffer {
  readonly #bytes: Buffer;
  #length = 0;

  constructor(readonly capacity: number) {
    // allocUnsafe: no zero-fill, and pages of a large buffer are only touched as bytes arrive.
    this.#bytes = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.#length;
  }

  get full(): boolean {
    return this.#length === this.capacity;
  }

  /** Copies as much of `chunk` as fits; returns how many bytes were taken. */
  append(chunk: Uint8Array): number {
    const taken = Math.min(chunk.byteLength, this.capacity - this.#length);
    this.#bytes.set(taken === chunk.byteLength ? chunk : chunk.subarray(0, taken), this.#length);
    this.#length += taken;
    return taken;
  }

  /** Empties the buffer for reuse by a later part of the same size. */
  reset(): this {
    this.#length = 0;
    return this;
  }

  /** The bytes written so far (a view, not a copy). */
  contents(): Buffer {
    return this.#bytes.subarray(0, this.#length);
  }
}
