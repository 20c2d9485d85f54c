/**
 * LIST and MLSD of a folder with many entries: bucketftp over an S3 prefix (moto) and over a local
 * folder vs pyftpdlib over the same local folder. Time to the first listing byte, total time, and
 * bucketftp's memory meanwhile.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext, Scenario } from '../lib/context.js';
import { FtpClient, LineCounter } from '../lib/ftp-client.js';
import { HOST, type ChildServer } from '../lib/processes.js';
import { OURS, type MetricSpec } from '../lib/results.js';
import { PeakRss } from '../lib/rss.js';
import { inParallel } from '../lib/parallel.js';
import { formatCount } from '../lib/sizes.js';
import { startBucketftp } from '../servers/bucketftp.js';
import { startPyftpdlib } from '../servers/pyftpdlib.js';
import { createBucket, motoClient, startMoto } from '@bucketftp/storage-s3/testing';
import { MEMORY_GOAL_MiB } from './object-transfer.js';

const COMMANDS = ['LIST', 'MLSD'] as const;
const SEED_CONCURRENCY = 16;
const ENTRY = /file-\d{6}\.dat$/;

function entryName(index: number): string {
  return `file-${String(index).padStart(6, '0')}.dat`;
}

function entryBody(index: number): Buffer {
  return Buffer.alloc(index % 4096, index % 251);
}

export const listing: Scenario = {
  id: 'listing',
  title: 'LIST/MLSD of a folder with many entries',
  async run(context) {
    const entries = context.sizes.listingEntries;
    const root = await context.makeDir('listing-root');
    await writeLocalFolder(join(root, 'list'), entries);
    const moto = await startMoto();
    const client = motoClient(moto.endpoint);
    const servers: ChildServer[] = [];
    try {
      const bucket = await createBucket(client, 'bench-list');
      await writeObjects(client, bucket, 'bench/list', entries);
      context.log(`listing: ${formatCount(entries)} entries written`);
      const s3 = await startBucketftp(context, 's3-list', { driver: 's3', endpoint: moto.endpoint, bucket, prefix: 'bench' });
      const fs = await startBucketftp(context, 'fs-list', { driver: 'fs', root });
      const pyftpdlib = await startPyftpdlib(context, { root });
      servers.push(s3, fs, pyftpdlib);
      const count = formatCount(entries);
      const variants = [
        { server: s3, group: `${count}-object S3 prefix (bucketftp) vs local directory (pyftpdlib)`, memoryGoal: true },
        { server: fs, group: `${count}-entry local directory`, memoryGoal: false },
      ];
      for (let run = 1; run <= context.runs; run++) {
        const theirs = await listBoth(context, pyftpdlib, entries, false);
        for (const { server, group, memoryGoal } of variants) {
          const ours = await listBoth(context, server, entries, true);
          const memory: MetricSpec = { group, metric: 'peak RSS during LIST + MLSD', unit: 'MiB', better: 'lower' };
          context.recorder.add(memoryGoal ? { ...memory, goals: [{ kind: 'max-value', value: MEMORY_GOAL_MiB }] } : memory, OURS, ours.peakMiB ?? Number.NaN);
          for (const command of COMMANDS) {
            const specs = timingSpecs(group, command);
            context.recorder.add(specs.firstByte, OURS, ours[command].firstByteMs);
            context.recorder.add(specs.firstByte, 'pyftpdlib', theirs[command].firstByteMs);
            context.recorder.add(specs.total, OURS, ours[command].totalMs);
            context.recorder.add(specs.total, 'pyftpdlib', theirs[command].totalMs);
          }
        }
        context.log(`listing run ${run} done`);
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
      client.destroy();
      await moto.stop();
    }
  },
};

function timingSpecs(group: string, command: string): { firstByte: MetricSpec; total: MetricSpec } {
  return {
    firstByte: { group, metric: `${command} time to first byte`, unit: 'ms', better: 'lower' },
    total: { group, metric: `${command} total time`, unit: 'ms', better: 'lower' },
  };
}

interface ListTiming {
  readonly firstByteMs: number;
  readonly totalMs: number;
}

interface Listings {
  readonly LIST: ListTiming;
  readonly MLSD: ListTiming;
  /** The server's peak RSS during both listings (after the login), when asked for. */
  readonly peakMiB: number | undefined;
}

/** LIST then MLSD of /list in one session; each must name every entry. */
async function listBoth(context: BenchContext, server: ChildServer, entries: number, watchMemory: boolean): Promise<Listings> {
  const client = await FtpClient.connect(HOST, server.port);
  try {
    await client.login(context.credentials.username, context.credentials.password);
    const watch = watchMemory ? PeakRss.start(server.pid) : undefined;
    const LIST = await listOnce(client, server, 'LIST', entries);
    const MLSD = await listOnce(client, server, 'MLSD', entries);
    const peakMiB = watch?.stop();
    await client.quit();
    return { LIST, MLSD, peakMiB };
  } finally {
    client.destroy();
  }
}

async function listOnce(client: FtpClient, server: ChildServer, command: string, entries: number): Promise<ListTiming> {
  const lines = new LineCounter((line) => ENTRY.test(line));
  const result = await client.retrieve(`${command} /list`, (chunk) => lines.push(chunk));
  const listed = lines.end();
  if (listed !== entries) throw new Error(`${server.name} ${command}: ${listed} entries listed, expected ${entries}`);
  if (result.firstByteMs === undefined) throw new Error(`${server.name} ${command}: no data`);
  return { firstByteMs: result.firstByteMs, totalMs: result.totalMs };
}

async function writeLocalFolder(dir: string, entries: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await inParallel(entries, 32, (index) => writeFile(join(dir, entryName(index)), entryBody(index)));
}

async function writeObjects(client: S3Client, bucket: string, prefix: string, entries: number): Promise<void> {
  await inParallel(entries, SEED_CONCURRENCY, async (index) => {
    const body = entryBody(index);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${entryName(index)}`, Body: body, ContentLength: body.length }));
  });
}
