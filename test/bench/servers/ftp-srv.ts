/** ftp-srv (npm) serving one folder to one user, in its own process (ftp-srv-main.ts). */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../lib/context.js';
import { freePort, startChild, type ChildServer } from '../lib/processes.js';
import { REPO_ROOT } from '../lib/repo.js';

const MAIN = fileURLToPath(new URL('./ftp-srv-main.ts', import.meta.url));
const PASSIVE_WINDOW = 200;

export async function startFtpSrv(context: BenchContext, root: string): Promise<ChildServer> {
  const dir = await context.makeDir('ftp-srv');
  const port = await freePort();
  // ftp-srv probes passive ports one by one from pasv_min: give it a window of its own.
  const passiveMin = 20_000 + Math.floor(Math.random() * 30_000);
  return startChild({
    name: 'ftp-srv',
    command: process.execPath,
    args: ['--import', 'tsx', MAIN],
    cwd: REPO_ROOT, // where `tsx` resolves
    env: {
      ...process.env,
      BENCH_PORT: String(port),
      BENCH_ROOT: root,
      BENCH_USERNAME: context.credentials.username,
      BENCH_PASSWORD: context.credentials.password,
      BENCH_PASV_MIN: String(passiveMin),
      BENCH_PASV_MAX: String(passiveMin + PASSIVE_WINDOW),
    },
    port,
    logFile: join(dir, 'server.log'),
  });
}
