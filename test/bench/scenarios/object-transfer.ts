/**
 * RETR/STOR of one big file through a bucket driver vs the storage's own SDK doing the same
 * transfer directly, vs SFTPGo and rclone serving the same bucket prefix, and vs the path's
 * ceiling (SDK stream ↔ socket without FTP, servers/ceiling-main.ts); each server's peak memory
 * and CPU seconds per GiB while it does so. Shared by the S3 and GCS scenarios.
 *
 * The FTP side uses the bench's own client so that the login (scrypt: 32 MiB for a moment) happens
 * before the memory watch starts: the peak is the transfer's. Times run from the STOR/RETR
 * command to the final reply, which for STOR comes only after the object was committed.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../lib/context.js';
import { fileSource, type RangeSource } from '../lib/data.js';
import { FtpClient } from '../lib/ftp-client.js';
import { HOST, type ChildServer } from '../lib/processes.js';
import { OURS, type MetricSpec } from '../lib/results.js';
import { PeakRss, readMemory } from '../lib/rss.js';
import { formatBytes, mibPerSecond } from '../lib/sizes.js';
import { ceilingGet, ceilingPut } from '../lib/ceiling-client.js';
import { CPU_PER_GIB_UNIT, watchCpu } from '../lib/cpu.js';
import type { BenchStorage } from '../servers/bucketftp.js';
import { CEILING, startCeiling } from '../servers/ceiling.js';
import { RCLONE, SFTPGO, startPeers } from '../servers/peers.js';

export interface ObjectBackend {
  /** "S3 (moto)". */
  readonly label: string;
  /** The SDK contestant: "aws-sdk". */
  readonly sdk: string;
  /** Key prefix of the FTP user's home: the file `/x` is the object `${prefix}/x`. */
  readonly prefix: string;
  upload(key: string, path: string): Promise<void>;
  download(key: string, destination: string): Promise<void>;
  source(key: string): RangeSource;
  remove(key: string): Promise<void>;
  /** A bucketftp server for this backend; a run starts one of its own. */
  startServer(): Promise<ChildServer>;
  /** The same bucket and prefix, for the peers and the ceiling. */
  readonly storage: BenchStorage;
}

export const MEMORY_GOAL_MiB = 150;
const THROUGHPUT_GOAL_RATIO = 0.9;

export async function runObjectTransfer(context: BenchContext, backend: ObjectBackend): Promise<void> {
  const big = await context.bigFile();
  const size = formatBytes(context.sizes.bigFileBytes);
  const throughput = (direction: string): MetricSpec => ({
    group: `${size} ${direction} via ${backend.label}`,
    metric: 'throughput',
    unit: 'MiB/s',
    better: 'higher',
    goals: [
      { kind: 'min-ratio', value: THROUGHPUT_GOAL_RATIO, against: CEILING },
      { kind: 'min-ratio', value: 1, against: SFTPGO },
      { kind: 'min-ratio', value: 1, against: RCLONE },
    ],
  });
  const perServer = (direction: string, metric: string, unit: string): MetricSpec => ({
    group: `${size} ${direction} via ${backend.label}`,
    metric,
    unit,
    better: 'lower',
    ...(metric === 'server peak RSS' ? { goals: [{ kind: 'min-ratio', value: 1, against: SFTPGO } as const, { kind: 'min-ratio', value: 1, against: RCLONE } as const] } : {}),
  });
  const memory = (metric: string, goal: boolean): MetricSpec => ({
    group: `bucketftp memory, ${backend.label}`,
    metric,
    unit: 'MiB',
    better: 'lower',
    ...(goal ? { goals: [{ kind: 'max-value', value: MEMORY_GOAL_MiB } as const] } : {}),
  });
  const stor = throughput('STOR');
  const retr = throughput('RETR');
  const commit: MetricSpec = { group: `${size} STOR via ${backend.label}`, metric: 'last byte sent → final reply (commit)', unit: 'ms', better: 'lower' };
  const bigKey = `${backend.prefix}/big.bin`;
  const uploadKey = `${backend.prefix}/up.bin`;
  const downloads = await context.makeDir(`downloads-${backend.sdk}`);
  const peers = await startPeers(context, backend.sdk, backend.storage);
  const ceiling = await startCeiling(context, backend.sdk, backend.storage);
  try {
    for (let run = 1; run <= context.runs; run++) await oneRun(run);
  } finally {
    await Promise.all([ceiling, ...peers.map(([, server]) => server)].map((server) => server.stop()));
  }

  async function oneRun(run: number): Promise<void> {
    // The SDK's upload is also what the RETRs of this run read.
    let started = performance.now();
    await backend.upload(bigKey, big);
    context.recorder.add(stor, backend.sdk, mibPerSecond(context.sizes.bigFileBytes, (performance.now() - started) / 1000));
    await context.verify(big, backend.source(bigKey), `${backend.sdk} upload`);

    // A fresh server each run, RETR before STOR: each peak is that transfer's, not what an earlier one left behind.
    const server = await backend.startServer();
    const client = await FtpClient.connect(HOST, server.port, 900_000);
    try {
      context.recorder.add(memory('RSS when idle, after start', false), OURS, readMemory(server.pid).rssMiB);
      await client.login(context.credentials.username, context.credentials.password);
      const ours = join(downloads, 'bucketftp.bin');
      let watch = PeakRss.start(server.pid);
      let cpu = watchCpu(server.pid);
      const retrieved = await client.retrieveTo('/big.bin', createWriteStream(ours));
      const retrPeak = watch.stop();
      context.recorder.add(memory(`peak RSS during ${size} RETR`, false), OURS, retrPeak);
      context.recorder.add(perServer('RETR', 'server peak RSS', 'MiB'), OURS, retrPeak);
      context.recorder.add(perServer('RETR', 'server CPU per GiB', CPU_PER_GIB_UNIT), OURS, cpu.perGiB(context.sizes.bigFileBytes));
      context.recorder.add(retr, OURS, mibPerSecond(retrieved.bytes, retrieved.totalMs / 1000));
      await context.verify(big, fileSource(ours), `${server.name} RETR`);
      await rm(ours);

      watch = PeakRss.start(server.pid);
      cpu = watchCpu(server.pid);
      const stored = await client.store('/up.bin', createReadStream(big));
      const storPeak = watch.stop();
      context.recorder.add(memory(`peak RSS during ${size} STOR`, true), OURS, storPeak);
      context.recorder.add(perServer('STOR', 'server peak RSS', 'MiB'), OURS, storPeak);
      context.recorder.add(perServer('STOR', 'server CPU per GiB', CPU_PER_GIB_UNIT), OURS, cpu.perGiB(context.sizes.bigFileBytes));
      context.recorder.add(stor, OURS, mibPerSecond(context.sizes.bigFileBytes, stored.totalMs / 1000));
      context.recorder.add(commit, OURS, stored.commitMs);
      await context.verify(big, backend.source(uploadKey), `${server.name} STOR`);
      await backend.remove(uploadKey);
      await client.quit();
    } finally {
      client.destroy();
      await server.stop();
    }

    for (const [peer, peerServer] of peers) {
      await transferThrough(context, backend, peer, peerServer, { retr, stor, perServer }, join(downloads, `${peer}.bin`), `up-${peer}-${run}.bin`);
      context.log(`${backend.label} transfer run ${run}: ${peer} done`);
    }
    const copy = join(downloads, 'ceiling.bin');
    context.recorder.add(retr, CEILING, mibPerSecond(context.sizes.bigFileBytes, await ceilingGet(ceiling.port, 'big.bin', copy, 'node')));
    await context.verify(big, fileSource(copy), `${backend.label} ceiling GET`);
    await rm(copy);
    context.recorder.add(stor, CEILING, mibPerSecond(context.sizes.bigFileBytes, await ceilingPut(ceiling.port, 'up.bin', big, 'node')));
    await context.verify(big, backend.source(uploadKey), `${backend.label} ceiling PUT`);
    await backend.remove(uploadKey);

    const theirs = join(downloads, 'sdk.bin');
    started = performance.now();
    await backend.download(bigKey, theirs);
    context.recorder.add(retr, backend.sdk, mibPerSecond(context.sizes.bigFileBytes, (performance.now() - started) / 1000));
    await context.verify(big, fileSource(theirs), `${backend.sdk} download`);
    await rm(theirs);
    context.log(`${backend.label} transfer run ${run} done`);
  }
}

interface TransferSpecs {
  readonly retr: MetricSpec;
  readonly stor: MetricSpec;
  perServer(direction: string, metric: string, unit: string): MetricSpec;
}

/**
 * A peer's RETR of the SDK's upload and STOR of the same file, through the bench's own client. The
 * upload gets a new name every run: the bench deletes it behind the server's back, and a server that
 * caches listings (rclone's VFS) would otherwise still see the old one.
 */
async function transferThrough(
  context: BenchContext,
  backend: ObjectBackend,
  peer: string,
  server: ChildServer,
  specs: TransferSpecs,
  destination: string,
  uploadName: string,
): Promise<void> {
  const bytes = context.sizes.bigFileBytes;
  const big = await context.bigFile();
  const client = await FtpClient.connect(HOST, server.port, 900_000);
  try {
    await client.login(context.credentials.username, context.credentials.password);
    let watch = PeakRss.start(server.pid);
    let cpu = watchCpu(server.pid);
    const retrieved = await client.retrieveTo('/big.bin', createWriteStream(destination));
    context.recorder.add(specs.perServer('RETR', 'server peak RSS', 'MiB'), peer, watch.stop());
    context.recorder.add(specs.perServer('RETR', 'server CPU per GiB', CPU_PER_GIB_UNIT), peer, cpu.perGiB(bytes));
    context.recorder.add(specs.retr, peer, mibPerSecond(retrieved.bytes, retrieved.totalMs / 1000));
    await context.verify(big, fileSource(destination), `${server.name} RETR`);
    await rm(destination);
    watch = PeakRss.start(server.pid);
    cpu = watchCpu(server.pid);
    const stored = await client.store(`/${uploadName}`, createReadStream(big));
    context.recorder.add(specs.perServer('STOR', 'server peak RSS', 'MiB'), peer, watch.stop());
    context.recorder.add(specs.perServer('STOR', 'server CPU per GiB', CPU_PER_GIB_UNIT), peer, cpu.perGiB(bytes));
    context.recorder.add(specs.stor, peer, mibPerSecond(bytes, stored.totalMs / 1000));
    await context.verify(big, backend.source(`${backend.prefix}/${uploadName}`), `${server.name} STOR`);
    await backend.remove(`${backend.prefix}/${uploadName}`);
    await client.quit();
  } finally {
    client.destroy();
  }
}
