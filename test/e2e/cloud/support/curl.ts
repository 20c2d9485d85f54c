/** curl as an FTP client: runs that must succeed, and downloads hashed straight off its stdout. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describeRun, runProgram, type RunResult } from '../../support/run.js';
import { requireTool } from '../../support/tools.js';
import { digestStream, type StreamDigest } from './hashing.js';

export class Curl {
  readonly path = requireTool('curl');

  /** Runs curl (silent, errors shown); fails unless it exits 0. */
  async run(args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
    const result = await runProgram(this.path, ['--silent', '--show-error', ...args], { timeoutMs });
    if (result.code !== 0) throw new Error(`curl ${args.join(' ')} failed: ${describeRun(result)}`);
    return result;
  }

  /** Downloads `url` to curl's stdout and hashes the bytes as they arrive. */
  async download(url: string, timeoutMs = 120_000): Promise<StreamDigest> {
    const child = spawn(this.path, ['--silent', '--show-error', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      const digest = await digestStream(child.stdout);
      const [code, signal] = await exited;
      if (code !== 0) throw new Error(`curl download of ${url} ended with ${signal ?? `exit ${code}`}: ${stderr}`);
      return digest;
    } finally {
      clearTimeout(timer);
    }
  }
}
