/** How big each scenario is: the full benchmark and the tiny smoke run that keeps the harness honest. */
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

export interface Sizes {
  /** The file of the single-transfer scenarios (RETR/STOR over fs, S3, GCS). */
  readonly bigFileBytes: number;
  /** Entries of the listed directory / objects under the listed prefix. */
  readonly listingEntries: number;
  /** Clients of the concurrency scenario, each fetching one file of `clientFileBytes`. */
  readonly clients: number;
  readonly clientFileBytes: number;
  /** Files stored one after the other in one session. */
  readonly smallFiles: number;
  readonly smallFileBytes: number;
  /** Files of the connect-per-file workload, per pass (each: connect, login, STOR, QUIT). */
  readonly connectPerFile: number;
  /** Distinct users logging in at once in the logins scenario. */
  readonly distinctUsers: number;
}

export const FULL_SIZES: Sizes = {
  bigFileBytes: 256 * MiB,
  listingEntries: 20_000,
  clients: 200,
  clientFileBytes: 10 * MiB,
  smallFiles: 1_000,
  smallFileBytes: 10 * KiB,
  connectPerFile: 200,
  distinctUsers: 200,
};

/** Big enough to take the S3 multipart path (first part: 8 MiB), small enough for CI. */
export const SMOKE_SIZES: Sizes = {
  bigFileBytes: 9 * MiB,
  listingEntries: 40,
  clients: 4,
  clientFileBytes: 256 * KiB,
  smallFiles: 10,
  smallFileBytes: 1 * KiB,
  connectPerFile: 8,
  distinctUsers: 4,
};

/** "1 GiB", "9 MiB", "10 KiB", "300 B": the unit that keeps the number whole when possible. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GiB', GiB], ['MiB', MiB], ['KiB', KiB]] as const) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} B`;
}

/** "20,000". */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export function mibPerSecond(bytes: number, seconds: number): number {
  return bytes / MiB / seconds;
}
