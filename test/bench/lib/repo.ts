/** Paths in the repository, the check that the built code the servers run is there, and the tree's state. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countsAsSource, type TreeState } from './keep.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI_BIN = join(REPO_ROOT, 'apps/bucketftp/bin/bucketftp.js');

/**
 * The Node flags the bucketftp command runs with: those on its `#!/usr/bin/env -S node …` line, which
 * the container image's entrypoint repeats. A server started as `node <flags> bin/bucketftp.js` runs
 * as it does when installed.
 */
export function cliNodeFlags(): string[] {
  const shebang = readFileSync(CLI_BIN, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env(?: -S)? node(.*)$/.exec(shebang);
  if (!match) throw new Error(`${CLI_BIN} does not start with a node shebang: ${shebang}`);
  return match[1]!.trim().split(/\s+/).filter((flag) => flag !== '');
}

export const BUILD_HINT = 'run `TURBO_TELEMETRY_DISABLED=1 npx turbo run build` first';

const BUILT = [
  'packages/protocol',
  'packages/storage',
  'packages/storage-fs',
  'packages/storage-s3',
  'packages/storage-gcs',
  'packages/server',
  'apps/bucketftp',
];

/** Throws unless every package the bucketftp command runs has a dist/. */
export function requireBuild(packages: readonly string[] = BUILT): void {
  const missing = packages.filter((dir) => !existsSync(join(REPO_ROOT, dir, 'dist/index.js')));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')}; ${BUILD_HINT}`);
}

/** Packages whose sources changed after their dist/ was built (the numbers then describe older code). */
export function staleBuilds(packages: readonly string[] = BUILT): string[] {
  return packages.filter((dir) => {
    const built = join(REPO_ROOT, dir, 'dist/index.js');
    if (!existsSync(built)) return false;
    const builtAt = statSync(built).mtimeMs;
    return sourceFiles(join(REPO_ROOT, dir, 'src')).some((file) => statSync(file).mtimeMs > builtAt);
  });
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.fixture.ts') ? [path] : [];
  });
}


/** HEAD's short hash, the tracked files changed since it that can change a number, and stale builds. */
export function treeState(): TreeState {
  const commit = git(['rev-parse', '--short', 'HEAD'])?.trim() || undefined;
  const changed = git(['diff', '--name-only', 'HEAD']) ?? '';
  return {
    commit,
    uncommitted: changed.split('\n').filter((path) => path !== '' && countsAsSource(path)),
    staleBuilds: staleBuilds(),
  };
}

function git(args: readonly string[]): string | undefined {
  try {
    return execFileSync('git', [...args], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
