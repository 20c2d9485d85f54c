/**
 * Terraform, offline: only modules without providers can be initialised here (the provider
 * registry is out of reach), which is what the passive layout is. Each run gets its own data
 * directory and an empty CLI configuration, so nothing is written into the repository.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runProgram, type RunResult } from '../../support/run.js';

export interface Terraform {
  run(args: readonly string[], cwd: string): Promise<RunResult>;
  /** Runs and throws with the output unless it exits 0. */
  ok(args: readonly string[], cwd: string): Promise<string>;
  /** A scratch folder, removed by close(). */
  scratch(name: string): Promise<string>;
  /** Copies a module into a scratch folder (init writes beside the files). */
  copy(module: string): Promise<string>;
  close(): Promise<void>;
}

export async function terraform(binary: string): Promise<Terraform> {
  const home = await mkdtemp(join(tmpdir(), 'bucketftp-terraform-'));
  const rc = join(home, 'terraformrc');
  await writeFile(rc, '');
  let folders = 0;
  const env = (cwd: string) => ({
    ...process.env,
    TF_CLI_CONFIG_FILE: rc,
    TF_DATA_DIR: join(cwd, '.terraform'),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    NO_COLOR: '1',
  });
  const run = (args: readonly string[], cwd: string) => runProgram(binary, ['-chdir=' + cwd, ...args], { env: env(cwd), timeoutMs: 120_000 });
  return {
    run,
    async ok(args, cwd) {
      const result = await run(args, cwd);
      if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} failed: ${describeRun(result)}`);
      return result.stdout;
    },
    async scratch(name) {
      const folder = join(home, `${name}-${folders++}`);
      await mkdir(folder);
      return folder;
    },
    async copy(module) {
      const folder = join(home, `module-${folders++}`);
      await cp(module, folder, { recursive: true });
      return folder;
    },
    async close() {
      await rm(home, { recursive: true, force: true });
    },
  };
}
