#!/usr/bin/env node
// Sums the vitest JSON reports of every workspace into one closing line:
//   Tests: N passed, N failed
// Counted as failed: failed tests, test files that failed outside any test (a throwing beforeAll,
// an import error), and skipped or todo tests — the project has no skips, so a skipped test is one
// that did not run. A workspace with a test script but no report failed too (its tests did not run).
// Every failure is named by workspace and file.
//
//   node scripts/test-summary.mjs            print the summary; exit 1 unless everything passed
//   node scripts/test-summary.mjs --clean    delete every workspace's old report first (before a run)
//   --root DIR                               another checkout (the summary's own test uses it)
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = process.argv.slice(2);
const rootFlag = args.indexOf('--root');
const root = rootFlag >= 0 ? args[rootFlag + 1] : new URL('..', import.meta.url).pathname;
const REPORT = join('.reports', 'vitest.json');

/** Workspaces (relative folders) whose package.json has a test script. */
function testedWorkspaces() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const folders = [];
  for (const pattern of manifest.workspaces ?? []) {
    if (pattern.endsWith('/*')) {
      const group = pattern.slice(0, -2);
      if (!existsSync(join(root, group))) continue;
      for (const dir of readdirSync(join(root, group)).sort()) folders.push(join(group, dir));
    } else {
      folders.push(pattern);
    }
  }
  return folders.filter((folder) => {
    const path = join(root, folder, 'package.json');
    return existsSync(path) && JSON.parse(readFileSync(path, 'utf8')).scripts?.test;
  });
}

if (args.includes('--clean')) {
  for (const workspace of testedWorkspaces()) rmSync(join(root, workspace, REPORT), { force: true });
  process.exit(0);
}

let passed = 0;
let failed = 0;
const problems = [];
for (const workspace of testedWorkspaces()) {
  const report = join(root, workspace, REPORT);
  if (!existsSync(report)) {
    failed += 1;
    problems.push(`${workspace}: NO REPORT (its tests did not run)`);
    console.log(`${workspace.padEnd(24)} NO REPORT`);
    continue;
  }
  const result = JSON.parse(readFileSync(report, 'utf8'));
  let workspacePassed = 0;
  let workspaceFailed = 0;
  for (const file of result.testResults ?? []) {
    const name = relative(join(root, workspace), file.name);
    const tests = file.assertionResults ?? [];
    const notPassed = tests.filter((test) => test.status !== 'passed');
    workspacePassed += tests.length - notPassed.length;
    for (const test of notPassed) problems.push(`${workspace}/${name} > ${test.fullName ?? test.title}: ${test.status}`);
    workspaceFailed += notPassed.length;
    // A file that failed although none of its tests did: a hook or the import threw.
    if (file.status === 'failed' && notPassed.every((test) => test.status !== 'failed')) {
      workspaceFailed += 1;
      const reason = String(file.message ?? '').split('\n')[0];
      problems.push(`${workspace}/${name}: the file failed outside its tests${reason ? ` (${reason})` : ''}`);
    }
  }
  if (workspacePassed + workspaceFailed === 0) {
    workspaceFailed += 1;
    problems.push(`${workspace}: the report counts no test`);
  }
  passed += workspacePassed;
  failed += workspaceFailed;
  console.log(`${workspace.padEnd(24)} ${workspacePassed} passed, ${workspaceFailed} failed`);
}
for (const problem of problems) console.log(`FAILED ${problem}`);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
