/**
 * CRC32C (Castagnoli, RFC 3720 §B.4) for the client library's integrity checks.
 *
 * The client library checks every upload and every whole-object download against the CRC32C GCS
 * stores. Its own implementation walks the data a byte at a time through an iterator, which costs
 * several CPU seconds per GiB moved. Here the CPU's CRC32C instruction does it (`@node-rs/crc32`,
 * a prebuilt native module: about 4 GB/s on one core), and where that module cannot load, a portable
 * slicing-by-16 table method (github.com/google/crc32c's portable code widened, about 0.6 GB/s);
 * a CPU profile of a 256 MiB download put the portable one at a fifth of the server's CPU. It is
 * handed to the library as the bucket's `crc32cGenerator`, so the checks themselves are unchanged.
 */
import { createRequire } from 'node:module';
import type { CRC32CValidator, CRC32CValidatorGenerator } from '@google-cloud/storage';

type Crc32c = (data: Uint8Array, crc?: number) => number;

/** The native implementation, or undefined on a platform it has no build for. */
function loadNative(): Crc32c | undefined {
  try {
    const native = createRequire(import.meta.url)('@node-rs/crc32') as { crc32c: (data: Uint8Array, initial?: number) => number };
    return (data, crc = 0) => native.crc32c(data, crc);
  } catch {
    return undefined;
  }
}

const native = loadNative();

/** Whether the CRC32C instruction is used (false: the portable tables). */
export const nativeCrc32c = native !== undefined;

/** Extends `crc` (a finished CRC32C, 0 for none) over `data`. */
export const crc32c: Crc32c = native ?? crc32cPortable;

const POLYNOMIAL = 0x82f63b78; // reflected 0x1EDC6F41
const SLICES = 16;

/** TABLES[k * 256 + b]: the CRC of byte b followed by k zero bytes. */
const TABLES = buildTables();

function buildTables(): Int32Array {
  const tables = new Int32Array(SLICES * 256);
  for (let b = 0; b < 256; b++) {
    let crc = b;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    tables[b] = crc;
  }
  for (let k = 1; k < SLICES; k++) {
    for (let b = 0; b < 256; b++) {
      const previous = tables[(k - 1) * 256 + b]!;
      tables[k * 256 + b] = tables[previous & 0xff]! ^ (previous >>> 8);
    }
  }
  return tables;
}

/** {@link crc32c} in portable code. */
export function crc32cPortable(data: Uint8Array, crc = 0): number {
  const t = TABLES;
  let c = ~crc;
  let i = 0;
  const whole = data.length - (data.length % SLICES);
  for (; i < whole; i += SLICES) {
    const low = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    c =
      t[15 * 256 + (low & 0xff)]! ^
      t[14 * 256 + ((low >>> 8) & 0xff)]! ^
      t[13 * 256 + ((low >>> 16) & 0xff)]! ^
      t[12 * 256 + (low >>> 24)]! ^
      t[11 * 256 + data[i + 4]!]! ^
      t[10 * 256 + data[i + 5]!]! ^
      t[9 * 256 + data[i + 6]!]! ^
      t[8 * 256 + data[i + 7]!]! ^
      t[7 * 256 + data[i + 8]!]! ^
      t[6 * 256 + data[i + 9]!]! ^
      t[5 * 256 + data[i + 10]!]! ^
      t[4 * 256 + data[i + 11]!]! ^
      t[3 * 256 + data[i + 12]!]! ^
      t[2 * 256 + data[i + 13]!]! ^
      t[256 + data[i + 14]!]! ^
      t[data[i + 15]!]!;
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** The CRC32C of `data` as GCS writes it in object metadata and `x-goog-hash`: base64 of the big-endian value. */
export function crc32cBase64(data: Uint8Array): string {
  return encodedCrc32c(crc32c(data));
}

/** A finished CRC32C (from {@link crc32c}) as GCS writes it: base64 of the big-endian value. */
export function encodedCrc32c(crc: number): string {
  return bigEndian(crc).toString('base64');
}

function bigEndian(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

/** The library's validator contract over {@link crc32c}. */
class FastCrc32c implements CRC32CValidator {
  private value = 0;

  update(data: Buffer): void {
    this.value = crc32c(data, this.value);
  }

  validate(input: Buffer | CRC32CValidator | string | number): boolean {
    if (typeof input === 'number') return (input >>> 0) === this.value;
    if (typeof input === 'string') return input === this.toString();
    if (Buffer.isBuffer(input)) return input.equals(this.toBuffer());
    return input.toString() === this.toString();
  }

  /** Base64 of the big-endian value, as GCS writes it (`x-goog-hash: crc32c=…`). */
  toString(): string {
    return encodedCrc32c(this.value);
  }

  toBuffer(): Buffer {
    return bigEndian(this.value);
  }

  toJSON(): string {
    return this.toString();
  }

  valueOf(): number {
    return this.value | 0;
  }
}

export const fastCrc32cGenerator: CRC32CValidatorGenerator = () => new FastCrc32c();
