/** The command line of `npm run bench`. */
import { parseArgs } from 'node:util';
import { FULL_SIZES, SMOKE_SIZES, type Sizes } from './sizes.js';

export const USAGE = `Usage: npm run bench -- [options]

  --runs N          runs per scenario; the table shows the median (default 3; 1 with --smoke)
  --only LIST       comma-separated scenario ids (fs-transfer, s3-transfer, gcs-transfer,
                    listing, concurrent, small-files); default: all
  --size BYTES      size of the big file of the transfer scenarios (default 256 MiB)
  --smoke           every scenario at a tiny size (what CI runs)
  --out FILE        where the JSON report goes instead of test/bench/results/scratch.json
                    (a run with --out is never kept; FILE must lie outside results/)
  --allow-dirty     run in full despite uncommitted changes or stale builds; nothing is kept,
                    the report goes to scratch.json (or --out)
  --cpu-prof DIR    write a V8 CPU profile of every bucketftp server into DIR (per server
                    label); summarise one with test/bench/profile-summary.ts. The
                    profiler slows the server down: such numbers are not for comparison
  -h, --help        show this help

A full run (no --smoke, no --only, default sizes, no --cpu-prof, no --out) of committed
code whose dist/ is up to date is kept: test/bench/results/latest.json and
test/bench/results/<YYYY-MM-DD>-<commit>.json. Any other run writes
test/bench/results/scratch.json (ignored by git). A full run from a tree with uncommitted
changes (other than Markdown) or stale builds is refused before it starts.`;

export interface CliOptions {
  readonly runs: number;
  readonly only: readonly string[] | undefined;
  readonly sizes: Sizes;
  readonly out: string | undefined;
  readonly profileDir: string | undefined;
  readonly smoke: boolean;
  readonly allowDirty: boolean;
  readonly help: boolean;
}

export function parseCli(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: 'string' },
      only: { type: 'string' },
      size: { type: 'string' },
      smoke: { type: 'boolean' },
      out: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'allow-dirty': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const base = values.smoke ? SMOKE_SIZES : FULL_SIZES;
  return {
    runs: values.runs === undefined ? (values.smoke ? 1 : 3) : positiveInteger('--runs', values.runs),
    only: values.only?.split(',').map((id) => id.trim()).filter((id) => id !== ''),
    sizes: values.size === undefined ? base : { ...base, bigFileBytes: positiveInteger('--size', values.size) },
    out: values.out,
    profileDir: values['cpu-prof'],
    smoke: values.smoke ?? false,
    allowDirty: values['allow-dirty'] ?? false,
    help: values.help ?? false,
  };
}

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not "${text}"`);
  return value;
}
