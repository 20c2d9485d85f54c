/**
 * Summarises a V8 CPU profile (`npm run bench -- --cpu-prof DIR` writes one per bucketftp server):
 * where the time went by area (bucketftp packages, dependencies, Node internals, GC, idle), the
 * functions with the most self time, and bucketftp's own functions by inclusive time — each with
 * its location in the TypeScript sources (through the dist/ source maps).
 *
 *   npx tsx test/bench/profile-summary.ts FILE.cpuprofile [--top N]
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function main(argv: readonly string[]): void {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { top: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [--top N]');
  const top = Number(values.top ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const selfMs = selfTimes(profile);
  const totalMs = [...selfMs.values()].reduce((sum, value) => sum + value, 0);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const locate = sourceLocator();

  const byArea = new Map<string, number>();
  const bySelf = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = (nodes.get(id) as ProfileNode).callFrame;
    byArea.set(area(frame), (byArea.get(area(frame)) ?? 0) + ms);
    const key = describe(frame, locate);
    bySelf.set(key, (bySelf.get(key) ?? 0) + ms);
  }
  const inclusive = inclusiveTimes(profile, selfMs, nodes, locate);

  const print = (title: string, entries: Map<string, number>, count: number) => {
    process.stdout.write(`\n${title}\n`);
    for (const [key, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      process.stdout.write(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${key}\n`);
    }
  };
  process.stdout.write(`${file}: ${(totalMs / 1000).toFixed(1)} s sampled\n`);
  print('Time by area (self)', byArea, 20);
  print(`Top ${top} functions by self time`, bySelf, top);
  print(`Top ${top} bucketftp functions by inclusive time`, inclusive, top);
}

/** Self time of each node: the time delta of every sample that landed on it. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return self;
}

/** Inclusive time of bucketftp's own functions, each counted once per stack (recursion-safe). */
function inclusiveTimes(
  profile: CpuProfile,
  selfMs: Map<number, number>,
  nodes: Map<number, ProfileNode>,
  locate: (frame: CallFrame) => string,
): Map<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = (nodes.get(current) as ProfileNode).callFrame;
      if (!isOurs(frame)) continue;
      const key = describe(frame, locate);
      if (seen.has(key)) continue;
      seen.add(key);
      totals.set(key, (totals.get(key) ?? 0) + ms);
    }
  }
  return totals;
}

function isOurs(frame: CallFrame): boolean {
  return /\/(packages|apps)\/[^/]+\/dist\//.test(frame.url) && !frame.url.includes('/node_modules/');
}

function area(frame: CallFrame): string {
  if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (frame.url.startsWith('node:')) return 'node internals';
  const dependency = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(frame.url);
  if (dependency?.[1]) return `dependency ${dependency[1]}`;
  const workspace = /\/((?:packages|apps)\/[^/]+)\//.exec(frame.url);
  if (workspace?.[1]) return workspace[1];
  return frame.url;
}

function describe(frame: CallFrame, locate: (frame: CallFrame) => string): string {
  return `${frame.functionName || '(anonymous)'}  ${locate(frame)}`;
}

/** "packages/server/src/x.ts:12" for workspace code (via its source map), the URL otherwise. */
function sourceLocator(): (frame: CallFrame) => string {
  const maps = new Map<string, SourceMap | undefined>();
  return (frame) => {
    if (frame.url === '') return '';
    if (!frame.url.startsWith('file://')) return `${frame.url}:${frame.lineNumber + 1}`;
    const path = fileURLToPath(frame.url);
    if (!maps.has(path)) maps.set(path, loadMap(path));
    const entry = maps.get(path)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(path), entry.originalSource);
      return `${relative(REPO_ROOT, source)}:${entry.originalLine + 1}`;
    }
    return `${relative(REPO_ROOT, path)}:${frame.lineNumber + 1}`;
  };
}

function loadMap(path: string): SourceMap | undefined {
  const mapPath = `${path}.map`;
  if (path.includes('/node_modules/') || !existsSync(mapPath)) return undefined;
  return new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
}

main(process.argv.slice(2));
