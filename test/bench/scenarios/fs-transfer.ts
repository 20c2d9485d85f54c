/**
 * RETR/STOR of one big file from a local folder: bucketftp (fs driver) vs pyftpdlib, ftp-srv,
 * SFTPGo and rclone, same folder, all through curl, with each server's CPU seconds per GiB; STOR
 * also on a second bucketftp with `durable: true`; and the path's ceiling (file → socket, socket →
 * file + rename, servers/ceiling-main.ts). Then, once, bucketftp's memory during the same two transfers, on
 * a fresh server and through the bench's own client, so that the login (scrypt) is over before
 * the watch starts and no earlier transfer's leftovers count.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { link, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext, Scenario } from '../lib/context.js';
import { curlDownload, curlUpload } from '../lib/curl.js';
import { fileSource } from '../lib/data.js';
import { FtpClient } from '../lib/ftp-client.js';
import { HOST, type ChildServer } from '../lib/processes.js';
import { OURS, OURS_DURABLE, type MetricSpec } from '../lib/results.js';
import { PeakRss } from '../lib/rss.js';
import { formatBytes, mibPerSecond } from '../lib/sizes.js';
import { CPU_PER_GIB_UNIT, watchCpu } from '../lib/cpu.js';
import { ceilingGet, ceilingPut } from '../lib/ceiling-client.js';
import { startBucketftp } from '../servers/bucketftp.js';
import { CEILING, startCeiling } from '../servers/ceiling.js';
import { startFtpSrv } from '../servers/ftp-srv.js';
import { startPeers } from '../servers/peers.js';
import { startPyftpdlib } from '../servers/pyftpdlib.js';
import { inTurn } from '../lib/turns.js';

const CEILING_GOAL = 0.9;

export const fsTransfer: Scenario = {
  id: 'fs-transfer',
  title: 'RETR/STOR of a big file, local directory',
  async run(context) {
    const big = await context.bigFile();
    const root = await context.makeDir('fs-root');
    await link(big, join(root, 'big.bin'));
    const size = context.sizes.bigFileBytes;
    const retrGroup = `${formatBytes(size)} RETR, local directory`;
    const storGroup = `${formatBytes(size)} STOR, local directory`;
    const retr = spec(retrGroup, [{ kind: 'min-ratio', value: CEILING_GOAL, against: CEILING }]);
    const stor = spec(storGroup, [
      { kind: 'min-ratio', value: CEILING_GOAL, against: CEILING },
      { kind: 'min-ratio', value: 1, against: 'pyftpdlib' },
    ]);
    const cpu = (group: string): MetricSpec => ({ group, metric: 'server CPU per GiB', unit: CPU_PER_GIB_UNIT, better: 'lower' });
    const servers: [string, ChildServer][] = [];
    let ceiling: ChildServer | undefined;
    try {
      servers.push([OURS, await startBucketftp(context, 'fs', { driver: 'fs', root })]);
      servers.push(['pyftpdlib', await startPyftpdlib(context, { root })]);
      servers.push(['ftp-srv', await startFtpSrv(context, root)]);
      servers.push(...(await startPeers(context, 'fs', { driver: 'fs', root })));
      servers.push([OURS_DURABLE, await startBucketftp(context, 'fs-durable', { driver: 'fs', root, durable: true })]);
      const ceilingServer = await startCeiling(context, 'fs', { driver: 'fs', root });
      ceiling = ceilingServer;
      const downloads = await context.makeDir('fs-downloads');
      const serverTurn = async (contestant: string, server: ChildServer, run: number): Promise<void> => {
        // Reads do not depend on durable: only its STOR is measured.
        if (contestant !== OURS_DURABLE) {
          const watch = watchCpu(server.pid);
          context.recorder.add(retr, contestant, await download(context, server, big, join(downloads, `${contestant}.bin`)));
          context.recorder.add(cpu(retrGroup), contestant, watch.perGiB(size));
        }
        const watch = watchCpu(server.pid);
        // A new name every run: the file is removed behind the server's back, and rclone's VFS
        // caches the folder (a STOR onto a name it still lists fails with 450 while curl sends on).
        context.recorder.add(stor, contestant, await upload(context, server, big, root, `up-${contestant}-${run}.bin`));
        context.recorder.add(cpu(storGroup), contestant, watch.perGiB(size));
        context.log(`fs-transfer run ${run}: ${contestant} done`);
      };
      const ceilingTurn = async (): Promise<void> => {
        const copy = join(downloads, 'ceiling.bin');
        context.recorder.add(retr, CEILING, mibPerSecond(size, await ceilingGet(ceilingServer.port, 'big.bin', copy, 'curl')));
        await context.verify(big, fileSource(copy), 'ceiling GET');
        await rm(copy);
        context.recorder.add(stor, CEILING, mibPerSecond(size, await ceilingPut(ceilingServer.port, 'up-ceiling.bin', big, 'curl')));
        await context.verify(big, fileSource(join(root, 'up-ceiling.bin')), 'ceiling PUT');
        await rm(join(root, 'up-ceiling.bin'));
      };
      for (let run = 1; run <= context.runs; run++) {
        const turns = [...servers.map(([contestant, server]) => () => serverTurn(contestant, server, run)), ceilingTurn];
        for (const turn of inTurn(turns, run)) await turn();
      }
    } finally {
      await ceiling?.stop();
      await Promise.all(servers.map(([, server]) => server.stop()));
    }
    const fresh = await startBucketftp(context, 'fs-memory', { driver: 'fs', root });
    try {
      await watchMemory(context, fresh, big, root, join(await context.makeDir('fs-memory-download'), 'memory-pass.bin'));
    } finally {
      await fresh.stop();
    }
  },
};

async function watchMemory(context: BenchContext, server: ChildServer, original: string, root: string, destination: string): Promise<void> {
  const size = formatBytes(context.sizes.bigFileBytes);
  const memory = (metric: string): MetricSpec => ({ group: 'bucketftp memory, local directory', metric, unit: 'MiB', better: 'lower' });
  const client = await FtpClient.connect(HOST, server.port, 900_000);
  try {
    await client.login(context.credentials.username, context.credentials.password);
    let watch = PeakRss.start(server.pid);
    await client.retrieveTo('/big.bin', createWriteStream(destination));
    context.recorder.add(memory(`peak RSS during ${size} RETR`), OURS, watch.stop());
    await context.verify(original, fileSource(destination), `${server.name} RETR (memory pass)`);
    await rm(destination);
    watch = PeakRss.start(server.pid);
    await client.store('/memory-pass.bin', createReadStream(original));
    context.recorder.add(memory(`peak RSS during ${size} STOR`), OURS, watch.stop());
    await context.verify(original, fileSource(join(root, 'memory-pass.bin')), `${server.name} STOR (memory pass)`);
    await rm(join(root, 'memory-pass.bin'));
    await client.quit();
  } finally {
    client.destroy();
  }
}

function spec(group: string, goals: MetricSpec['goals']): MetricSpec {
  return { group, metric: 'throughput', unit: 'MiB/s', better: 'higher', goals };
}

async function download(context: BenchContext, server: ChildServer, original: string, destination: string): Promise<number> {
  const timing = await curlDownload({ ...context.credentials, port: server.port, path: '/big.bin' }, destination);
  await context.verify(original, fileSource(destination), `${server.name} RETR`);
  await rm(destination);
  return mibPerSecond(timing.bytes, timing.seconds);
}

async function upload(context: BenchContext, server: ChildServer, original: string, root: string, name: string): Promise<number> {
  const timing = await curlUpload(original, { ...context.credentials, port: server.port, path: `/${name}` });
  const stored = join(root, name);
  await context.verify(original, fileSource(stored), `${server.name} STOR`);
  await rm(stored);
  return mibPerSecond(timing.bytes, timing.seconds);
}
