/**
 * Resume (REST n + STOR) and append (APPE) on S3 without downloading the existing object: the new
 * object is a multipart upload whose first bytes [0, n) come from the old object.
 *
 * - n = 0: nothing to keep; a plain upload.
 * - n < 5 MiB: too small to be a part of its own (only the last part may be under 5 MiB), so the
 *   head is read with one ranged GET into the first part buffer, ahead of the new bytes.
 * - n ≥ 5 MiB: UploadPartCopy copies the head server-side as parts 1…c, each ≤ 5 GiB (and, being
 *   an even split of n ≥ 5 MiB, each ≥ 5 MiB); the new bytes follow from part c + 1.
 *
 * Completing the upload replaces the old object atomically; every read of the old object is
 * pinned to the ETag seen when the upload began (If-Match / x-amz-copy-source-if-match), so a
 * concurrent replacement fails the resume instead of mixing two versions.
 */
import { S3_LIMITS } from './limits.js';

/** An inclusive byte range, as in an HTTP Range header. */
export interface ByteRange {
  readonly first: number;
  readonly last: number;
}

export interface ExistingObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string | undefined;
}

export type HeadPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'inline'; readonly bytes: number; readonly source: ExistingObject }
  | { readonly kind: 'copy'; readonly bytes: number; readonly source: ExistingObject; readonly ranges: readonly ByteRange[] };

/** How to carry bytes [0, keepBytes) of `source` into the new object. */
export function planHead(source: ExistingObject | undefined, keepBytes: number): HeadPlan {
  if (source === undefined || keepBytes === 0) return { kind: 'none' };
  if (keepBytes < S3_LIMITS.minPartBytes) return { kind: 'inline', bytes: keepBytes, source };
  return { kind: 'copy', bytes: keepBytes, source, ranges: splitIntoRanges(keepBytes, S3_LIMITS.maxPartBytes) };
}

/** Splits [0, totalBytes) into the fewest near-equal ranges of at most `maxBytes` each. */
export function splitIntoRanges(totalBytes: number, maxBytes: number): ByteRange[] {
  const count = Math.ceil(totalBytes / maxBytes);
  const base = Math.floor(totalBytes / count);
  const remainder = totalBytes - base * count; // the first `remainder` ranges get one byte more
  const ranges: ByteRange[] = [];
  let first = 0;
  for (let index = 0; index < count; index++) {
    const length = base + (index < remainder ? 1 : 0);
    ranges.push({ first, last: first + length - 1 });
    first += length;
  }
  return ranges;
}

export function rangeHeader({ first, last }: ByteRange): string {
  return `bytes=${first}-${last}`;
}
