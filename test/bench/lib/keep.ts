/**
 * Which files a run's report goes to. Only a full run (every scenario, default sizes, no profiler)
 * of committed code, freshly built, is kept: `results/latest.json` and `results/<date>-<commit>.json`,
 * both meant to be committed, so every published figure names the code it measured. Any other run
 * writes `results/scratch.json` (ignored by git) or its `--out`. A full run from a tree with
 * uncommitted changes or stale builds is refused unless `--allow-dirty`; then nothing is kept and
 * the report goes to scratch.json like a partial run's.
 */
import { isAbsolute, join, relative } from 'node:path';
import type { Sizes } from './sizes.js';
import { FULL_SIZES } from './sizes.js';

export const LATEST = 'latest.json';
export const SCRATCH = 'scratch.json';

/** What the command line asked for, as far as keeping is concerned. */
export interface RunRequest {
  readonly smoke: boolean;
  /** `--only` scenario ids; undefined or empty: all. */
  readonly only: readonly string[] | undefined;
  readonly sizes: Sizes;
  readonly profiled: boolean;
  /** `--out`, resolved. */
  readonly out: string | undefined;
  readonly allowDirty: boolean;
}

/** The state of the working tree the servers' code comes from. */
export interface TreeState {
  /** Short hash of HEAD; undefined outside a git checkout. */
  readonly commit: string | undefined;
  /** Tracked files with uncommitted changes that can change a number (see `countsAsSource`). */
  readonly uncommitted: readonly string[];
  /** Packages whose sources are newer than their dist/. */
  readonly staleBuilds: readonly string[];
}

export type OutputPlan =
  | { readonly kind: 'keep'; readonly files: readonly string[] }
  | { readonly kind: 'scratch'; readonly files: readonly string[]; readonly reason: string }
  | { readonly kind: 'refuse'; readonly reason: string };

/** Why a run is not a full one, or undefined when it is. */
export function partialReason(request: RunRequest): string | undefined {
  if (request.smoke) return '--smoke';
  if (request.only !== undefined && request.only.length > 0) return '--only';
  if (!sameSizes(request.sizes, FULL_SIZES)) return 'sizes other than the defaults';
  if (request.profiled) return '--cpu-prof';
  return undefined;
}

/** Why the tree's numbers would not describe a commit, or undefined when they would. */
export function dirtyReason(tree: TreeState): string | undefined {
  const reasons: string[] = [];
  if (tree.commit === undefined) reasons.push('not a git checkout');
  if (tree.uncommitted.length > 0) reasons.push(`uncommitted changes to ${describeFiles(tree.uncommitted)}`);
  if (tree.staleBuilds.length > 0) reasons.push(`dist/ older than the sources of ${tree.staleBuilds.join(', ')}`);
  return reasons.length === 0 ? undefined : reasons.join('; ');
}

/**
 * Where the report goes. `resultsDir` is test/bench/results; `startedAt` dates the kept file (UTC).
 * An `--out` inside `resultsDir` is refused: that folder holds only kept results and scratch.json.
 * `incomplete`: scenarios that failed or could not run (known after the run); such a run is not kept.
 */
export function planOutput(
  request: RunRequest,
  tree: TreeState,
  resultsDir: string,
  startedAt: Date,
  incomplete: readonly string[] = [],
): OutputPlan {
  if (request.out !== undefined && isInside(request.out, resultsDir)) {
    return { kind: 'refuse', reason: `--out must not point into ${resultsDir}: it holds only kept results (and ${SCRATCH})` };
  }
  const partial = partialReason(request);
  const dirty = dirtyReason(tree);
  const scratch = request.out ?? join(resultsDir, SCRATCH);
  if (partial !== undefined) return { kind: 'scratch', files: [scratch], reason: `not a full run (${partial})` };
  if (dirty !== undefined) {
    if (!request.allowDirty) {
      return { kind: 'refuse', reason: `a full run is kept only from committed, freshly built code: ${dirty} (commit and build, or pass --allow-dirty to keep nothing)` };
    }
    return { kind: 'scratch', files: [scratch], reason: `--allow-dirty: ${dirty}` };
  }
  if (request.out !== undefined) return { kind: 'scratch', files: [request.out], reason: '--out given' };
  if (incomplete.length > 0) return { kind: 'scratch', files: [scratch], reason: `scenarios failed or unavailable: ${incomplete.join(', ')}` };
  return { kind: 'keep', files: [join(resultsDir, LATEST), join(resultsDir, keptName(startedAt, tree.commit as string))] };
}

/** `2026-12-04-9160c1b.json`. */
export function keptName(startedAt: Date, commit: string): string {
  return `${startedAt.toISOString().slice(0, 10)}-${commit}.json`;
}

/**
 * Whether a changed tracked file can change a number: everything but Markdown and the results
 * folder itself (a kept latest.json is overwritten by the next run before it is committed).
 */
export function countsAsSource(path: string): boolean {
  return !path.endsWith('.md') && !path.startsWith('test/bench/results/');
}

function sameSizes(a: Sizes, b: Sizes): boolean {
  return (Object.keys(b) as (keyof Sizes)[]).every((key) => a[key] === b[key]);
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function describeFiles(files: readonly string[]): string {
  const shown = files.slice(0, 5).join(', ');
  return files.length > 5 ? `${shown} and ${files.length - 5} more` : shown;
}
