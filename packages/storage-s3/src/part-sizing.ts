/**
 * How big each part of a multipart upload is.
 *
 * A stream of unknown length must still fit S3's 10,000 parts when it turns out to be 5 TiB, but
 * small uploads should use small parts (memory is held per part). So the part size doubles every
 * PARTS_PER_STEP parts, starting at the configured part size:
 *
 *   size(k) = min(5 GiB, max(floor, base × 2^⌊(k − 1) / PARTS_PER_STEP⌋))      k = 1 … 10,000
 *
 * With the smallest base S3 allows (5 MiB) the first 9,000 parts carry 900 × 5 MiB × (2^10 − 1)
 * ≈ 4.39 TiB and the last 1,000 parts are 5 GiB each, so 10,000 parts hold ≈ 9.3 TiB ≥ 5 TiB; a
 * bigger base only adds. `floor` (from an ALLO size hint) never lowers a part below the ladder,
 * so a wrong hint cannot break the guarantee. Parts are also capped at the largest Buffer Node can
 * allocate (4 GiB on Node 20): with that cap the last 1,000 parts still add ≈ 3.9 TiB.
 */
import { constants } from 'node:buffer';
import { MIB, S3_LIMITS } from './limits.js';

/** Parts uploaded before the part size doubles. */
export const PARTS_PER_STEP = 900;

export interface PartSizingOptions {
  /** Size of the first parts (the configured part size), 5 MiB … 5 GiB. */
  readonly baseBytes: number;
  /** Lower bound for every part, e.g. from a size hint; 0 for none. */
  readonly floorBytes?: number;
  /** Upper bound for every part; defaults to {@link MAX_UPLOAD_PART_BYTES}. */
  readonly maxBytes?: number;
}

/** The largest part this process can buffer: S3's 5 GiB, or less when Node's Buffer limit is lower. */
export const MAX_UPLOAD_PART_BYTES = Math.min(S3_LIMITS.maxPartBytes, constants.MAX_LENGTH);

export class PartSizing {
  readonly #base: number;
  readonly #floor: number;
  readonly #max: number;

  constructor({ baseBytes, floorBytes = 0, maxBytes = MAX_UPLOAD_PART_BYTES }: PartSizingOptions) {
    this.#max = Math.min(maxBytes, S3_LIMITS.maxPartBytes);
    if (!Number.isSafeInteger(baseBytes) || baseBytes < S3_LIMITS.minPartBytes || baseBytes > this.#max) {
      throw new RangeError(`part size must be an integer from 5 MiB to ${this.#max} bytes, got ${baseBytes}`);
    }
    this.#base = baseBytes;
    this.#floor = Math.min(Math.max(0, floorBytes), this.#max);
  }

  /** Size of part `partNumber` (1-based); every value is within [5 MiB, maxBytes ≤ 5 GiB]. */
  partBytes(partNumber: number): number {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > S3_LIMITS.maxParts) {
      throw new RangeError(`part number must be 1 … ${S3_LIMITS.maxParts}, got ${partNumber}`);
    }
    const doublings = Math.floor((partNumber - 1) / PARTS_PER_STEP);
    const ladder = this.#base * 2 ** doublings; // ≤ 5 GiB × 2^11: exact in a double
    return Math.min(this.#max, Math.max(this.#floor, ladder));
  }
}

/**
 * The part-size floor an ALLO size hint asks for: the hint spread over 10,000 parts, rounded up
 * to whole MiB, but never above `capBytes` (the per-upload buffer budget), so a client cannot make
 * the server hold large parts just by announcing a huge file.
 */
export function floorFromSizeHint(sizeHint: number | undefined, capBytes: number): number {
  if (sizeHint === undefined || !Number.isFinite(sizeHint) || sizeHint <= 0) return 0;
  const perPart = Math.ceil(sizeHint / S3_LIMITS.maxParts / MIB) * MIB;
  return Math.min(perPart, capBytes);
}
