/**
 * `npm run bench`: starts every server and emulator itself, runs the scenarios, prints a Markdown
 * table of the medians and writes the full report (every sample) as JSON.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from './lib/harness.js';
import { parseCli, USAGE } from './lib/options.js';
import { renderMarkdown } from './lib/table.js';

const DEFAULT_OUT = fileURLToPath(new URL('./results/latest.json', import.meta.url));

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
  const report = await runBench({
    sizes: options.sizes,
    runs: options.runs,
    only: options.only,
    profileDir: options.profileDir === undefined ? undefined : resolve(options.profileDir),
    log: (message) => process.stderr.write(`[bench] ${message}\n`),
  });
  const out = options.out === undefined ? DEFAULT_OUT : resolve(options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${renderMarkdown(report)}\n\nJSON report: ${out}\n`);
  return report.failures.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
