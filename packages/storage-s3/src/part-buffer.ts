/**
 * One part's bytes: a buffer the source's chunks are copied into, up to `capacity`.
 *
 * A buffer may start smaller than its capacity and grow (×4, copying what it holds) as bytes
 * arrive. The first part of every upload is also the whole of a small file, and 8 MiB allocated
 * for a 10 KiB file cost more than the rest of its upload: a fresh mapping per file and, from the
 * external memory it claims, a full garbage collection every few dozen files (about 0.4 ms per
 * file, measured); growing costs a big upload one copy of under 6 MiB.
 */
export class PartBuffer {
  #bytes: Buffer;
  #length = 0;

  constructor(
    readonly capacity: number,
    initialBytes = capacity,
  ) {
    // allocUnsafe: no zero-fill, and pages of a large buffer are only touched as bytes arrive.
    this.#bytes = Buffer.allocUnsafe(Math.min(capacity, initialBytes));
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
    if (this.#length + taken > this.#bytes.length) this.#grow(this.#length + taken);
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

  #grow(needed: number): void {
    let size = Math.max(this.#bytes.length, 1);
    while (size < needed) size = Math.min(this.capacity, size * 4);
    const bigger = Buffer.allocUnsafe(size);
    bigger.set(this.contents());
    this.#bytes = bigger;
  }
}
