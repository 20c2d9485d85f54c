/** The ceiling program of a path (ceiling-main.ts) in its own process, like every server measured. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../lib/context.js';
import { freePort, HOST, startChild, type ChildServer } from '../lib/processes.js';
import { REPO_ROOT } from '../lib/repo.js';
import type { BenchStorage } from './bucketftp.js';

const MAIN = fileURLToPath(new URL('./ceiling-main.ts', import.meta.url));
export const CEILING = 'node ceiling';

export async function startCeiling(context: BenchContext, label: string, storage: BenchStorage): Promise<ChildServer> {
  const dir = await context.makeDir(`ceiling-${label}`);
  const port = await freePort();
  return startChild({
    name: `ceiling (${label})`,
    command: process.execPath,
    args: ['--import', 'tsx', MAIN],
    cwd: REPO_ROOT, // where `tsx` resolves
    env: { ...process.env, BENCH_PORT: String(port), BENCH_STORAGE: JSON.stringify(storage) },
    port,
    logFile: join(dir, 'server.log'),
    isReady: async (candidate) => {
      try {
        return (await fetch(`http://${HOST}:${candidate}/`)).ok;
      } catch {
        return false;
      }
    },
  });
}
