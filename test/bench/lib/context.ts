/** What every scenario is given, and how a scenario says it cannot run here. */
import type { RangeSource } from './data.js';
import type { Recorder } from './results.js';
import type { Sizes } from './sizes.js';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface BenchContext {
  readonly sizes: Sizes;
  readonly runs: number;
  readonly recorder: Recorder;
  readonly credentials: Credentials;
  /** Run the Go peers (SFTPGo, rclone) too: full runs do, the smoke run (CI) does not. */
  readonly peers: boolean;
  /** When set, every bucketftp server writes a V8 CPU profile below this folder when it stops. */
  readonly profileDir: string | undefined;
  log(message: string): void;
  /** Reports a contestant that cannot run here (listed under "Not available"); the scenario goes on without it. */
  unavailable(what: string, reason: string): void;
  /** A fresh folder inside the run's temporary folder. */
  makeDir(name: string): Promise<string>;
  /** The shared random file of `sizes.bigFileBytes`, written on first use. */
  bigFile(): Promise<string>;
  /** The scrypt hash of `credentials.password` for bucketftp's configuration, made on first use. */
  passwordHash(): Promise<string>;
  /** Checks a transferred copy against its original (data.ts verifyCopy) and counts it in the report. */
  verify(originalPath: string, copy: RangeSource, label: string): Promise<void>;
}

/** The copies checked during a run: how many, and how many of their bytes were compared. */
export interface Verification {
  copies: number;
  copiedBytes: number;
  comparedBytes: number;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  run(context: BenchContext): Promise<void>;
}

/** Thrown by a scenario whose prerequisites are missing on this machine (reported, not measured). */
export class Unavailable extends Error {
  override readonly name = 'Unavailable';
}
