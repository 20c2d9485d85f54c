/**
 * Many small STORs one after the other in one session: files per second, bucketftp (fs driver) vs
 * pyftpdlib, SFTPGo, rclone, and bucketftp with `durable: true` (an fsync of each file and its folder).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { BenchContext, Scenario } from '../lib/context.js';
import { FtpClient } from '../lib/ftp-client.js';
import { HOST, type ChildServer } from '../lib/processes.js';
import { median, OURS, OURS_DURABLE, type MetricSpec } from '../lib/results.js';
import { formatBytes, formatCount } from '../lib/sizes.js';
import { startBucketftp } from '../servers/bucketftp.js';
import { startPyftpdlib } from '../servers/pyftpdlib.js';
import { startPeers } from '../servers/peers.js';
import { fileBody, fileName } from '../lib/small-file-body.js';
import { inTurn } from '../lib/turns.js';
import { watchThreadCpu } from '../lib/cpu.js';
import { recordCpuPerFile } from '../lib/cpu-per-file.js';

export const smallFiles: Scenario = {
  id: 'small-files',
  title: 'Small-file throughput: sequential STORs in one session',
  async run(context) {
    const { smallFiles: count, smallFileBytes } = context.sizes;
    const root = await context.makeDir('small-root');
    const template = randomBytes(smallFileBytes);
    const throughput: MetricSpec = {
      group: `${formatCount(count)} × ${formatBytes(smallFileBytes)} STOR, one session, local directory`,
      metric: 'files per second',
      unit: 'files/s',
      better: 'higher',
      goals: [{ kind: 'min-ratio', value: 1, against: 'pyftpdlib' }],
    };
    // Where a small file's time goes: from its last byte sent to the final reply, the server's commit.
    const commit: MetricSpec = {
      group: throughput.group,
      metric: 'last byte sent → final reply, median per file',
      unit: 'ms',
      better: 'lower',
    };
    const servers: [string, ChildServer][] = [];
    try {
      servers.push([OURS, await startBucketftp(context, 'fs-small', { driver: 'fs', root })]);
      servers.push(['pyftpdlib', await startPyftpdlib(context, { root })]);
      servers.push([OURS_DURABLE, await startBucketftp(context, 'fs-small-durable', { driver: 'fs', root, durable: true })]);
      servers.push(...(await startPeers(context, 'fs-small', { driver: 'fs', root })));
      for (let run = 1; run <= context.runs; run++) {
        for (const [contestant, server] of inTurn(servers, run)) {
          const folder = `run-${run}-${contestant}`;
          const cpu = watchThreadCpu(server.pid);
          const { seconds, commitMs } = await storeAll(context, server, folder, count, template);
          recordCpuPerFile(context.recorder, throughput.group, contestant, cpu.perItem(count));
          await verifyAll(join(root, folder), count, template, server.name);
          await rm(join(root, folder), { recursive: true });
          context.recorder.add(throughput, contestant, count / seconds);
          context.recorder.add(commit, contestant, commitMs);
        }
        context.log(`small-files run ${run} done`);
      }
    } finally {
      await Promise.all(servers.map(([, server]) => server.stop()));
    }
  },
};


/** Seconds for all files, and the median time from a file's last byte sent to its final reply. */
async function storeAll(
  context: BenchContext,
  server: ChildServer,
  folder: string,
  count: number,
  template: Buffer,
): Promise<{ readonly seconds: number; readonly commitMs: number }> {
  const client = await FtpClient.connect(HOST, server.port);
  try {
    await client.login(context.credentials.username, context.credentials.password);
    // Through the server, not on the disk behind its back: rclone's VFS caches the folder listing.
    await client.makeDirectory(`/${folder}`);
    const commits: number[] = [];
    const started = performance.now();
    for (let index = 0; index < count; index++) {
      const stored = await client.store(`/${folder}/${fileName(index)}`, fileBody(template, index));
      commits.push(stored.commitMs);
    }
    const seconds = (performance.now() - started) / 1000;
    await client.quit();
    return { seconds, commitMs: median(commits) };
  } finally {
    client.destroy();
  }
}

async function verifyAll(dir: string, count: number, template: Buffer, label: string): Promise<void> {
  for (let index = 0; index < count; index++) {
    const stored = await readFile(join(dir, fileName(index)));
    if (!stored.equals(fileBody(template, index))) throw new Error(`${label}: ${fileName(index)} differs from what was sent`);
  }
}
