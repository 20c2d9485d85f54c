/** Where the numbers came from: hardware, load, versions of the contestants, the code's commit. */
import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { REPO_ROOT } from './repo.js';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly freeMemoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly versions: Record<string, string>;
  readonly commit: string;
  /** 1, 5 and 15 minute load averages. */
  readonly loadAverage: readonly number[];
}

export function describeMachine(): MachineInfo {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: round(totalmem() / 2 ** 30),
    freeMemoryGiB: round(freemem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    versions: {
      curl: firstLine('curl', ['--version']),
      python: firstLine('/usr/bin/python3', ['--version']),
      pyftpdlib: firstLine('/usr/bin/python3', ['-c', 'import pyftpdlib; print(pyftpdlib.__ver__)']),
      'ftp-srv': firstLine(process.execPath, ['-p', "require('ftp-srv/package.json').version"], REPO_ROOT),
    },
    commit: commitDescription(),
    loadAverage: currentLoad(),
  };
}

export function currentLoad(): number[] {
  return loadavg().map(round);
}

function commitDescription(): string {
  const head = firstLine('git', ['rev-parse', '--short', 'HEAD'], REPO_ROOT);
  const changed = run('git', ['status', '--porcelain'], REPO_ROOT)
    .split('\n')
    .filter((line) => line.trim() !== '').length;
  return changed === 0 ? head : `${head} + ${changed} uncommitted changes`;
}

function firstLine(command: string, args: readonly string[], cwd?: string): string {
  return run(command, args, cwd).split('\n')[0]?.trim() || 'unknown';
}

function run(command: string, args: readonly string[], cwd?: string): string {
  try {
    return execFileSync(command, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
