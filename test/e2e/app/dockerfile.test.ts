/**
 * The container image, checked without a Docker engine: the runtime stage's ENTRYPOINT is run as the
 * image would run it (from the repository root, which the image's /app mirrors) against a
 * configuration named by BUCKETFTP_CONFIG, its HEALTHCHECK command is run against a live server, and
 * the image is checked to hold every workspace package the app needs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliNodeFlags } from '../../bench/lib/repo.js';
import { REPO_ROOT, requireBuiltCli } from '../support/cli.js';
import { makeTempDir, removeDir } from '../support/files.js';
import { describeRun, runProgram } from '../support/run.js';
import { baseConfig, freePort, freePorts, startApp, testHash, writeJson } from './support/app.js';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The Dockerfile's instructions, continuation lines joined and comments dropped, split into stages. */
function parseDockerfile(text: string): Instruction[][] {
  const logical = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const stages: Instruction[][] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

/** The JSON (exec) form of ENTRYPOINT / CMD / HEALTHCHECK CMD. */
function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error(`not an exec form: ${args}`);
  return parsed;
}

function last(stage: readonly Instruction[], keyword: string): Instruction | undefined {
  return stage.filter((instruction) => instruction.keyword === keyword).at(-1);
}

function envOf(stage: readonly Instruction[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const instruction of stage.filter((entry) => entry.keyword === 'ENV')) {
    for (const match of instruction.args.matchAll(/([A-Z_]+)=(\S+)/g)) env.set(match[1]!, match[2]!);
  }
  return env;
}

describe('the Dockerfile', () => {
  let dir: string;
  let text: string;
  let stages: Instruction[][];
  let runtime: Instruction[];

  beforeAll(async () => {
    requireBuiltCli();
    dir = await makeTempDir('dockerfile');
    text = await readFile(join(REPO_ROOT, 'Dockerfile'), 'utf8');
    stages = parseDockerfile(text);
    runtime = stages.at(-1)!;
  });
  afterAll(async () => {
    await removeDir(dir);
  });

  it('builds on node:20-bookworm-slim in several stages and runs unprivileged from /app', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(/^ARG NODE_IMAGE=(\S+)$/m.exec(text)?.[1]).toBe('node:20-bookworm-slim');
    for (const stage of stages) expect(stage[0]?.args).toMatch(/^\$\{NODE_IMAGE\} AS [a-z-]+$/);
    expect(last(runtime, 'WORKDIR')?.args).toBe('/app');
    expect(last(runtime, 'USER')?.args ?? 'root').not.toMatch(/^(root|0)(:|$)/);
    expect(last(runtime, 'EXPOSE')?.args.split(/\s+/)).toEqual(expect.arrayContaining(['21', '9090', expect.stringMatching(/^\d+-\d+$/)]));
    expect(envOf(runtime).get('BUCKETFTP_CONFIG')).toBe('/etc/bucketftp/config.yaml');
    expect(stages.some((stage) => stage.some((entry) => entry.keyword === 'RUN' && /npm ci --omit=dev/.test(entry.args)))).toBe(true);
  });

  it('copies the manifest and dist/ of every workspace package the app depends on', async () => {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'apps/bucketftp/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const needed = new Set<string>();
    const visit = async (name: string): Promise<void> => {
      const folder = name.replace('@bucketftp/', '');
      if (needed.has(folder)) return;
      needed.add(folder);
      const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'packages', folder, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      for (const dependency of Object.keys(pkg.dependencies ?? {})) if (dependency.startsWith('@bucketftp/')) await visit(dependency);
    };
    for (const dependency of Object.keys(manifest.dependencies)) if (dependency.startsWith('@bucketftp/')) await visit(dependency);
    const copies = stages.flat().filter((entry) => entry.keyword === 'COPY').map((entry) => entry.args);
    for (const folder of needed) {
      expect(copies, folder).toContain(`packages/${folder}/package.json packages/${folder}/`);
      expect(copies, folder).toContain(`--from=build /src/packages/${folder}/dist packages/${folder}/dist`);
    }
    expect(copies).toContain('apps/bucketftp/package.json apps/bucketftp/');
    expect(copies).toContain('--from=build /src/apps/bucketftp/dist apps/bucketftp/dist');
    expect(copies).toContain('apps/bucketftp/bin apps/bucketftp/bin');
  });

  it('has an ENTRYPOINT that checks the configuration named by BUCKETFTP_CONFIG', async () => {
    const entrypoint = execForm(last(runtime, 'ENTRYPOINT')!.args);
    const cmd = last(runtime, 'CMD') ? execForm(last(runtime, 'CMD')!.args) : [];
    expect(entrypoint[0]).toBe('node');
    // The same V8 flags as the command's own `#!/usr/bin/env -S node …` line.
    expect(entrypoint.slice(1, -1)).toEqual(cliNodeFlags());
    expect(cliNodeFlags()).toContain('--max-semi-space-size=2');
    const config = join(dir, 'config.yaml');
    await writeJson(config, {
      ...baseConfig(await freePorts()),
      users: [{ username: 'boxed', passwordHash: await testHash('boxed-pw'), storage: { driver: 'fs', root: './home' } }],
    });
    const run = (env: Record<string, string>) =>
      runProgram(process.execPath, [...entrypoint.slice(1), ...cmd, '--check-config'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeoutMs: 30_000 });
    const valid = await run({ BUCKETFTP_CONFIG: config });
    expect(valid.code, describeRun(valid)).toBe(0);
    expect(valid.stdout).toBe(`${config}: configuration is valid (1 users)\n`);
    const missing = await run({ BUCKETFTP_CONFIG: join(dir, 'absent.yaml') });
    expect(missing.code, describeRun(missing)).toBe(1);
    expect(missing.stderr).toContain('cannot read the file (ENOENT)');
  });

  it('has a HEALTHCHECK that passes against a running server and fails when nothing answers', async () => {
    const healthcheck = last(runtime, 'HEALTHCHECK')!.args;
    const command = execForm(healthcheck.slice(healthcheck.indexOf('CMD ') + 4));
    expect(command[0]).toBe('node');
    const ports = await freePorts();
    const config = join(dir, 'health.yaml');
    await writeJson(config, {
      ...baseConfig(ports),
      users: [{ username: 'boxed', passwordHash: await testHash('boxed-pw'), storage: { driver: 'fs', root: './home' } }],
    });
    const probe = (url: string) => runProgram(process.execPath, command.slice(1), { env: { ...process.env, BUCKETFTP_HEALTH_URL: url }, timeoutMs: 15_000 });
    const app = await startApp(config);
    try {
      const healthy = await probe(`http://127.0.0.1:${ports.http}/healthz`);
      expect(healthy.code, describeRun(healthy)).toBe(0);
    } finally {
      expect(await app.stop()).toBe(0);
    }
    const nobody = await probe(`http://127.0.0.1:${await freePort()}/healthz`);
    expect(nobody.code, describeRun(nobody)).toBe(1);
  });
});
