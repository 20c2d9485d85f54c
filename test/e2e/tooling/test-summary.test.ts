/**
 * The suite's closing total (scripts/test-summary.mjs) over real vitest reports of a throw-away
 * monorepo: a suite whose beforeAll throws, a skipped test and a missing report all count as failures.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { runProgram } from '../support/run.js';

const SUMMARY = join(REPO_ROOT, 'scripts', 'test-summary.mjs');
const VITEST = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
// Inside the repository (and not in a dot-folder, which vitest does not search), so the fixtures'
// `import … from 'vitest'` resolves.
const scratch = mkdtempSync(join(REPO_ROOT, 'test', 'summary-fixture-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A monorepo with one workspace per entry, each holding the given test files. */
function monorepo(workspaces: Record<string, Record<string, string> | null>): string {
  const root = mkdtempSync(join(scratch, 'repo-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture', private: true, workspaces: ['packages/*'] }));
  for (const [name, files] of Object.entries(workspaces)) {
    const dir = join(root, 'packages', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, scripts: { test: 'vitest run' } }));
    // Its own config, or vitest would take the enclosing workspace's.
    writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.ts'] } };\n");
    for (const [file, text] of Object.entries(files ?? {})) writeFileSync(join(dir, file), text);
  }
  return root;
}

async function runVitest(dir: string): Promise<void> {
  await runProgram(process.execPath, [VITEST, 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs'), '--reporter=json', `--outputFile=${join(dir, '.reports', 'vitest.json')}`], {
    timeoutMs: 60_000,
  });
  if (!existsSync(join(dir, '.reports', 'vitest.json'))) throw new Error(`vitest wrote no report in ${dir}`);
}

const PASSING = `import { it, expect } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\n`;
const THROWING_BEFORE_ALL = `import { beforeAll, it, expect } from 'vitest';
beforeAll(() => { throw new Error('the emulator did not start'); });
it('never runs', () => expect(true).toBe(true));
it('never runs either', () => expect(true).toBe(true));
`;
const SKIPPING = `import { it, expect } from 'vitest';\nit.skip('is skipped', () => expect(1).toBe(2));\nit('passes', () => expect(1).toBe(1));\n`;

describe('the test total', () => {
  it('counts a suite whose beforeAll throws as failed, and names it', async () => {
    const root = monorepo({ good: { 'a.test.ts': PASSING }, broken: { 'b.test.ts': THROWING_BEFORE_ALL } });
    await runVitest(join(root, 'packages', 'good'));
    await runVitest(join(root, 'packages', 'broken'));
    const result = await runProgram(process.execPath, [SUMMARY, '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Tests: 1 passed, [1-9]\d* failed$/m);
    expect(result.stdout).toContain('FAILED packages/broken/b.test.ts: the file failed outside its tests (the emulator did not start)');
  });

  it('counts skipped tests as failed', async () => {
    const root = monorepo({ skipping: { 'c.test.ts': SKIPPING } });
    await runVitest(join(root, 'packages', 'skipping'));
    const result = await runProgram(process.execPath, [SUMMARY, '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Tests: 1 passed, 1 failed$/m);
    expect(result.stdout).toContain('FAILED packages/skipping/c.test.ts > is skipped: skipped');
  });

  it('counts a workspace without a report as failed, and --clean removes stale reports', async () => {
    const root = monorepo({ good: { 'a.test.ts': PASSING }, silent: { 'd.test.ts': PASSING } });
    await runVitest(join(root, 'packages', 'good'));
    await runVitest(join(root, 'packages', 'silent'));
    const clean = await runProgram(process.execPath, [SUMMARY, '--root', root]);
    expect(clean.stdout).toMatch(/^Tests: 2 passed, 0 failed$/m);
    expect(clean.code).toBe(0);
    await runProgram(process.execPath, [SUMMARY, '--root', root, '--clean']);
    await runVitest(join(root, 'packages', 'good'));
    const result = await runProgram(process.execPath, [SUMMARY, '--root', root]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Tests: 1 passed, 1 failed$/m);
    expect(result.stdout).toContain('FAILED packages/silent: NO REPORT (its tests did not run)');
  });
});
