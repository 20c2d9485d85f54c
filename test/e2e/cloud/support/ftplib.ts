/** Python's ftplib as a client (scripts/ftplib_cloud.py), each session's result as JSON. */
import { fileURLToPath } from 'node:url';
import { describeRun, runProgram } from '../../support/run.js';
import { requireTool } from '../../support/tools.js';
import type { CloudServer } from './cloud-server.js';

const SCRIPT = fileURLToPath(new URL('../scripts/ftplib_cloud.py', import.meta.url));

/** Runs one subcommand of ftplib_cloud.py against `server`; fails unless it exits 0. */
export async function ftplib<T>(server: CloudServer, command: string, args: readonly string[], timeoutMs = 60_000): Promise<T> {
  const python = requireTool('/usr/bin/python3');
  const result = await runProgram(python, [SCRIPT, command, server.host, String(server.port), server.username, server.password, ...args], {
    timeoutMs,
  });
  if (result.code !== 0) throw new Error(`ftplib ${command} failed: ${describeRun(result)}`);
  return JSON.parse(result.stdout) as T;
}
