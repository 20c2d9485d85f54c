/**
 * Runs the selected scenarios in a temporary folder (removed afterwards, like every server and
 * emulator started) and returns the report: machine, medians, rows, and what could not run.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { verifyCopy, writeRandomFile } from './data.js';
import { Unavailable, type BenchContext, type Credentials, type Scenario, type Verification } from './context.js';
import { currentLoad, describeMachine, type MachineInfo } from './machine.js';
import { killAllChildren } from './processes.js';
import { CLI_BIN, requireBuild, staleBuilds } from './repo.js';
import { buildRows, Recorder, type Measurement, type ResultRow, type ScenarioProblem } from './results.js';
import { SCENARIOS } from './scenarios.js';
import type { Sizes } from './sizes.js';

export interface BenchOptions {
  readonly sizes: Sizes;
  readonly runs: number;
  /** Scenario ids; default: all. */
  readonly only?: readonly string[];
  /** Profile every bucketftp server (`node --cpu-prof`) into this folder; the timings then include the profiler. */
  readonly profileDir?: string;
  readonly log?: (message: string) => void;
  /** Run SFTPGo and rclone where a scenario compares with them (default: true). */
  readonly peers?: boolean;
}

export interface BenchReport {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: MachineInfo;
  readonly loadAverageAtEnd: readonly number[];
  /** Packages whose sources are newer than their dist/ (the numbers describe the older build). */
  readonly staleBuilds: readonly string[];
  readonly runs: number;
  readonly sizes: Sizes;
  readonly profiled: boolean;
  readonly scenarios: readonly string[];
  readonly verification: Verification;
  readonly measurements: readonly Measurement[];
  readonly rows: readonly ResultRow[];
  readonly unavailable: readonly ScenarioProblem[];
  readonly failures: readonly ScenarioProblem[];
}

const CREDENTIALS: Credentials = { username: 'bench', password: 'bench-secret' };

export function selectScenarios(only: readonly string[] | undefined): Scenario[] {
  if (!only || only.length === 0) return [...SCENARIOS];
  const unknown = only.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return SCENARIOS.filter((scenario) => only.includes(scenario.id));
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const scenarios = selectScenarios(options.only);
  requireBuild();
  const log = options.log ?? (() => undefined);
  const startedAt = new Date();
  const started = performance.now();
  const machine = describeMachine();
  const workDir = await mkdtemp(join(tmpdir(), 'bucketftp-bench-'));
  const recorder = new Recorder();
  const verification: Verification = { copies: 0, copiedBytes: 0, comparedBytes: 0 };
  const unavailable: ScenarioProblem[] = [];
  const context = createContext(workDir, options, recorder, verification, log, unavailable);
  const failures: ScenarioProblem[] = [];
  const onSignal = () => {
    killAllChildren();
    rmSync(workDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    for (const scenario of scenarios) {
      log(`${scenario.id}: ${scenario.title}`);
      const scenarioStarted = performance.now();
      try {
        await scenario.run(context);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        (error instanceof Unavailable ? unavailable : failures).push({ scenario: scenario.id, reason });
        log(`${scenario.id}: ${error instanceof Unavailable ? 'not available' : 'FAILED'}: ${reason}`);
      }
      log(`${scenario.id}: ${((performance.now() - scenarioStarted) / 1000).toFixed(1)} s`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    killAllChildren();
    await rm(workDir, { recursive: true, force: true });
  }
  const measurements = recorder.measurements();
  return {
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine,
    loadAverageAtEnd: currentLoad(),
    staleBuilds: staleBuilds(),
    runs: options.runs,
    sizes: options.sizes,
    profiled: options.profileDir !== undefined,
    scenarios: scenarios.map((scenario) => scenario.id),
    verification,
    measurements,
    rows: buildRows(measurements),
    unavailable,
    failures,
  };
}

function createContext(
  workDir: string,
  options: BenchOptions,
  recorder: Recorder,
  verification: Verification,
  log: (message: string) => void,
  unavailable: ScenarioProblem[],
): BenchContext {
  let bigFile: Promise<string> | undefined;
  let passwordHash: Promise<string> | undefined;
  let folders = 0;
  return {
    sizes: options.sizes,
    runs: options.runs,
    recorder,
    credentials: CREDENTIALS,
    peers: options.peers ?? true,
    profileDir: options.profileDir,
    log,
    unavailable(what, reason) {
      if (unavailable.some((problem) => problem.scenario === what)) return;
      unavailable.push({ scenario: what, reason });
      log(`${what}: not available: ${reason}`);
    },
    async makeDir(name) {
      const dir = join(workDir, `${String(++folders).padStart(2, '0')}-${name}`);
      await mkdir(dir, { recursive: true });
      return dir;
    },
    bigFile() {
      bigFile ??= (async () => {
        const path = join(workDir, 'big.bin');
        await writeRandomFile(path, options.sizes.bigFileBytes);
        return path;
      })();
      return bigFile;
    },
    passwordHash() {
      passwordHash ??= hashPassword(CREDENTIALS.password);
      return passwordHash;
    },
    async verify(originalPath, copy, label) {
      const compared = await verifyCopy(originalPath, copy, label);
      verification.copies += 1;
      verification.copiedBytes += await copy.size();
      verification.comparedBytes += compared;
    },
  };
}

/** `bucketftp hash-password`, the way an operator makes a user's passwordHash. */
function hashPassword(password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [CLI_BIN, 'hash-password'], (error, stdout, stderr) => {
      if (error) reject(new Error(`bucketftp hash-password failed: ${stderr.trim()}`, { cause: error }));
      else resolve(stdout.trim());
    });
    child.stdin?.end(`${password}\n`);
  });
}
