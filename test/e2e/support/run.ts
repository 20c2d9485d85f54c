/** Runs a client program to completion with a deadline and returns what it printed and how it ended. */
import { spawn } from 'node:child_process';

export interface RunOptions {
  readonly cwd?: string;
  /** Written to the program's standard input, which is then closed. */
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The program is killed (SIGKILL) after this long. */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code, or null when the program was ended by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
}

export function runProgram(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { cwd, input, env, timeoutMs = 30_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal, timedOut });
    });
    child.stdin.on('error', () => undefined); // a program may exit before reading all its input
    child.stdin.end(input ?? '');
  });
}

/** A readable summary for assertion messages. */
export function describeRun(result: RunResult): string {
  const ending = result.timedOut ? 'timed out' : result.signal ? `signal ${result.signal}` : `exit ${result.code}`;
  return `${ending}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}
