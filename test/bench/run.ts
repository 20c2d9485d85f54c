/**
 * `npm run bench`: starts every server and emulator itself, runs the scenarios, prints a Markdown
 * table of the medians and writes the full report (every sample) as JSON: kept (latest.json and a
 * dated copy) for a full run of committed code, scratch.json otherwise (lib/keep.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from './lib/harness.js';
import { planOutput, SCRATCH, type OutputPlan, type RunRequest } from './lib/keep.js';
import { parseCli, USAGE } from './lib/options.js';
import { treeState } from './lib/repo.js';
import { renderMarkdown } from './lib/table.js';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseCli(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const profileDir = options.profileDir === undefined ? undefined : resolve(options.profileDir);
  const request: RunRequest = {
    smoke: options.smoke,
    only: options.only,
    sizes: options.sizes,
    profiled: profileDir !== undefined,
    out: options.out === undefined ? undefined : resolve(options.out),
    allowDirty: options.allowDirty,
  };
  // Decided before the run, so a refused one costs nothing; again after it, in case the tree changed meanwhile.
  const before = planOutput(request, treeState(), RESULTS_DIR, new Date());
  if (before.kind === 'refuse') {
    process.stderr.write(`bench: ${before.reason}\n`);
    return 2;
  }
  const report = await runBench({
    sizes: options.sizes,
    runs: options.runs,
    only: options.only,
    profileDir,
    peers: !options.smoke,
    log: (message) => process.stderr.write(`[bench] ${message}\n`),
  });
  const incomplete = [...report.failures, ...report.unavailable].map((problem) => problem.scenario);
  const after = planOutput(request, treeState(), RESULTS_DIR, new Date(report.startedAt), incomplete);
  const plan: OutputPlan = after.kind === 'refuse' ? { kind: 'scratch', files: scratchOf(before), reason: after.reason } : after;
  const json = `${JSON.stringify({ ...report, kept: plan.kind === 'keep' }, null, 2)}\n`;
  for (const file of plan.files) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, json);
  }
  const where =
    plan.kind === 'keep'
      ? `Kept: ${plan.files.join(', ')}`
      : `Nothing kept (${plan.reason}); JSON report: ${plan.files.join(', ')}`;
  process.stdout.write(`${renderMarkdown(report)}\n\n${where}\n`);
  return report.failures.length === 0 ? 0 : 1;
}

/** Where a run that may no longer be kept writes: the scratch file of the first plan. */
function scratchOf(plan: Exclude<OutputPlan, { kind: 'refuse' }>): readonly string[] {
  return plan.kind === 'scratch' ? plan.files : [resolve(RESULTS_DIR, SCRATCH)];
}

process.exitCode = await main(process.argv.slice(2));
