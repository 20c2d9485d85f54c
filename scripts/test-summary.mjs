#!/usr/bin/env node
// Sums the vitest JSON reports of every workspace into one closing line:
//   Tests: N passed, N failed, N skipped
// and fails when a workspace with a test script produced no report (a suite that silently ran nothing).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'apps'].flatMap((group) => readdirSync(join(root, group)).map((dir) => join(group, dir)));
workspaces.push('test');

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const workspace of workspaces) {
  const manifest = join(root, workspace, 'package.json');
  if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
  const report = join(root, workspace, '.reports', 'vitest.json');
  if (!existsSync(report)) {
    missing.push(workspace);
    continue;
  }
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  console.log(`${workspace.padEnd(24)} ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
}
for (const workspace of missing) console.log(`${workspace.padEnd(24)} NO REPORT (its tests did not run)`);
console.log(`Tests: ${passed} passed, ${failed + missing.length} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0);
