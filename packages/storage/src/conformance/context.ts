/** What the conformance cases share: the running test's driver and the suite's options. */
import type { StorageDriver } from '../types.js';

/** One fresh, empty store for one test. */
export interface ConformanceTarget {
  driver: StorageDriver;
  /** Removes whatever the test left behind (a temporary folder, a bucket's objects). */
  cleanup?: () => Promise<void>;
}

export interface ConformanceOptions {
  /** Size of the "large streamed file" case; default 8 MiB. */
  largeFileBytes?: number;
  /** How many files the "many files in one directory" case writes; default 1200 (above S3's 1,000-key page). */
  manyFiles?: number;
  /** Timeout of the two slow cases (large file, many files) in milliseconds; default 120,000. */
  slowCaseTimeoutMs?: number;
  /*
   * Nothing is skipped: drivers declare capabilities instead, and the cases for a capability-gated
   * feature assert the 'unsupported' error when the capability is false.
   */
}

export interface SuiteContext {
  /** The driver of the running test (a fresh, empty target for every test). */
  readonly driver: () => StorageDriver;
  readonly options: Required<ConformanceOptions>;
}

export function resolveOptions(options: ConformanceOptions): Required<ConformanceOptions> {
  return {
    largeFileBytes: options.largeFileBytes ?? 8 * 1024 * 1024,
    manyFiles: options.manyFiles ?? 1200,
    slowCaseTimeoutMs: options.slowCaseTimeoutMs ?? 120_000,
  };
}
