/** A deterministic byte pattern for large-file cases, generated chunk by chunk (never held whole). */

/** Byte `i` of the pattern: no short period, and chunk sizes below are not powers of two. */
function patternByte(i: number): number {
  return (i * 7 + Math.floor(i / 251) + Math.floor(i / 65_537)) & 0xff;
}

/** Bytes [start, end) of the pattern, in fresh chunks of `chunkBytes` (an odd size by default). */
export async function* patternChunks(
  start: number,
  end: number,
  chunkBytes = 65_521,
): AsyncGenerator<Uint8Array, void, undefined> {
  for (let from = start; from < end; from += chunkBytes) {
    const chunk = new Uint8Array(Math.min(chunkBytes, end - from));
    for (let k = 0; k < chunk.length; k++) chunk[k] = patternByte(from + k);
    yield chunk;
  }
}
