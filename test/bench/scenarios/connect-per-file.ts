/**
 * What most legacy systems do: a new connection for every file — connect, log in, STOR one small
 * file, QUIT — with 1 and with 8 clients at once; on a local folder (bucketftp vs pyftpdlib, SFTPGo,
 * rclone), on S3 (moto) and on GCS (emulator), where the baseline is the SDK putting the same files
 * one by one over a kept-alive connection.
 */
import { PutObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Storage } from '@google-cloud/storage';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBucket, motoClient, startMoto } from '@bucketftp/storage-s3/testing';
import { startGcsEmulator } from '@bucketftp/storage-gcs/testing';
import type { BenchContext, Scenario } from '../lib/context.js';
import { FtpClient } from '../lib/ftp-client.js';
import { inParallel } from '../lib/parallel.js';
import { HOST, type ChildServer } from '../lib/processes.js';
import { OURS, type Goal, type MetricSpec } from '../lib/results.js';
import { fileBody, fileName } from '../lib/small-file-body.js';
import { formatBytes, formatCount } from '../lib/sizes.js';
import { startBucketftp, type BenchStorage } from '../servers/bucketftp.js';
import { startPeers } from '../servers/peers.js';
import { startPyftpdlib } from '../servers/pyftpdlib.js';
import { inTurn } from '../lib/turns.js';
import { watchThreadCpu } from '../lib/cpu.js';
import { recordCpuPerFile } from '../lib/cpu-per-file.js';

const CLIENT_COUNTS = [1, 8] as const;

/** Stores file `index` of a pass into `folder`; one call is one file. */
type Store = (folder: string, index: number) => Promise<void>;

interface Contestant {
  readonly name: string;
  /** The server's process, for its CPU per file (none for an SDK, which runs in the bench itself). */
  readonly pid?: number;
  /** Prepares an empty folder for a pass (FTP servers need it to exist). */
  prepare(folder: string): Promise<void>;
  readonly store: Store;
}

interface Backend {
  readonly label: string;
  readonly goals: readonly Goal[];
  /** How many of a pass's files arrived intact. */
  verify(folder: string): Promise<number>;
}

export const connectPerFile: Scenario = {
  id: 'connect-per-file',
  title: 'A new connection per small file (connect, login, STOR, QUIT), 1 and 8 clients',
  async run(context) {
    const template = randomBytes(context.sizes.smallFileBytes);
    await onLocalFolder(context, template);
    await onS3(context, template);
    await onGcs(context, template);
  },
};

async function onLocalFolder(context: BenchContext, template: Buffer): Promise<void> {
  const root = await context.makeDir('per-file-root');
  const storage: BenchStorage = { driver: 'fs', root };
  const servers: [string, ChildServer][] = [];
  try {
    servers.push([OURS, await startBucketftp(context, 'fs-per-file', storage)]);
    servers.push(['pyftpdlib', await startPyftpdlib(context, { root })]);
    servers.push(...(await startPeers(context, 'fs-per-file', storage)));
    const backend: Backend = {
      label: 'local directory',
      goals: [{ kind: 'min-ratio', value: 1, against: 'pyftpdlib' }],
      async verify(folder) {
        let intact = 0;
        for (const name of await readdir(join(root, folder))) {
          const index = Number(name.slice('small-'.length, -'.bin'.length));
          if ((await readFile(join(root, folder, name))).equals(fileBody(template, index))) intact++;
        }
        return intact;
      },
    };
    await runPasses(context, backend, servers.map(([name, server]) => ftpContestant(context, name, server, template)));
  } finally {
    await Promise.all(servers.map(([, server]) => server.stop()));
  }
}

async function onS3(context: BenchContext, template: Buffer): Promise<void> {
  const moto = await startMoto();
  const client = motoClient(moto.endpoint);
  const servers: [string, ChildServer][] = [];
  try {
    const bucket = await createBucket(client, 'bench-per-file');
    const prefix = 'bench';
    const storage: BenchStorage = { driver: 's3', endpoint: moto.endpoint, bucket, prefix };
    servers.push([OURS, await startBucketftp(context, 's3-per-file', storage)]);
    servers.push(...(await startPeers(context, 's3-per-file', storage)));
    const sdk: Contestant = {
      name: 'aws-sdk',
      prepare: async () => undefined,
      store: async (folder, index) => {
        const body = fileBody(template, index);
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${folder}/${fileName(index)}`, Body: body, ContentLength: body.length }));
      },
    };
    const backend: Backend = {
      label: 'S3 (moto)',
      goals: [{ kind: 'min-ratio', value: 0.8, against: 'aws-sdk' }],
      verify: (folder) => countS3(client, bucket, `${prefix}/${folder}/`, template.length),
    };
    await runPasses(context, backend, [...servers.map(([name, server]) => ftpContestant(context, name, server, template)), sdk]);
  } finally {
    await Promise.all(servers.map(([, server]) => server.stop()));
    client.destroy();
    await moto.stop();
  }
}

async function onGcs(context: BenchContext, template: Buffer): Promise<void> {
  const emulator = await startGcsEmulator();
  const servers: [string, ChildServer][] = [];
  try {
    const storage = new Storage({ apiEndpoint: emulator.apiEndpoint, projectId: emulator.projectId });
    const bucket = 'bench-per-file';
    await emulator.createBucket(bucket);
    const prefix = 'bench';
    const where: BenchStorage = { driver: 'gcs', apiEndpoint: emulator.apiEndpoint, projectId: emulator.projectId, bucket, prefix };
    servers.push([OURS, await startBucketftp(context, 'gcs-per-file', where)]);
    servers.push(...(await startPeers(context, 'gcs-per-file', where)));
    const sdk: Contestant = {
      name: 'gcs-sdk',
      prepare: async () => undefined,
      store: (folder, index) => storage.bucket(bucket).file(`${prefix}/${folder}/${fileName(index)}`).save(fileBody(template, index), { resumable: false }),
    };
    const backend: Backend = {
      label: 'GCS (emulator)',
      goals: [],
      async verify(folder) {
        const [files] = await storage.bucket(bucket).getFiles({ prefix: `${prefix}/${folder}/` });
        return files.filter((file) => Number(file.metadata.size) === template.length).length;
      },
    };
    await runPasses(context, backend, [...servers.map(([name, server]) => ftpContestant(context, name, server, template)), sdk]);
  } finally {
    await Promise.all(servers.map(([, server]) => server.stop()));
    await emulator.stop();
  }
}

/** Every contestant, run by run, at each client count: files per second over the whole pass. */
async function runPasses(context: BenchContext, backend: Backend, contestants: readonly Contestant[]): Promise<void> {
  const count = context.sizes.connectPerFile;
  for (let run = 1; run <= context.runs; run++) {
    for (const clients of CLIENT_COUNTS) {
      const spec: MetricSpec = {
        group: `${formatCount(count)} × ${formatBytes(context.sizes.smallFileBytes)}, new connection per file, ${clients} client${clients === 1 ? '' : 's'}, ${backend.label}`,
        metric: 'files per second',
        unit: 'files/s',
        better: 'higher',
        goals: backend.goals,
      };
      for (const contestant of inTurn(contestants, run)) {
        const folder = `per-file-${run}-${clients}-${contestant.name}`;
        await contestant.prepare(folder);
        const cpu = contestant.pid === undefined ? undefined : watchThreadCpu(contestant.pid);
        const started = performance.now();
        await inParallel(count, clients, (index) => contestant.store(folder, index));
        const seconds = (performance.now() - started) / 1000;
        if (cpu) recordCpuPerFile(context.recorder, spec.group, contestant.name, cpu.perItem(count));
        const intact = await backend.verify(folder);
        if (intact !== count) throw new Error(`${contestant.name} on ${backend.label}: ${intact} of ${count} files arrived intact`);
        context.recorder.add(spec, contestant.name, count / seconds);
      }
    }
    context.log(`connect-per-file run ${run} on ${backend.label} done`);
  }
}

function ftpContestant(context: BenchContext, name: string, server: ChildServer, template: Buffer): Contestant {
  const { username, password } = context.credentials;
  return {
    name,
    pid: server.pid,
    async prepare(folder) {
      const client = await FtpClient.connect(HOST, server.port);
      try {
        await client.login(username, password);
        await client.makeDirectory(`/${folder}`);
        await client.quit();
      } finally {
        client.destroy();
      }
    },
    async store(folder, index) {
      const client = await FtpClient.connect(HOST, server.port);
      try {
        await client.login(username, password);
        await client.store(`/${folder}/${fileName(index)}`, fileBody(template, index));
        await client.quit();
      } finally {
        client.destroy();
      }
    },
  };
}

async function countS3(client: S3Client, bucket: string, prefix: string, size: number): Promise<number> {
  let intact = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    intact += (page.Contents ?? []).filter((object) => object.Size === size && !object.Key?.endsWith('/')).length;
    token = page.NextContinuationToken;
  } while (token);
  return intact;
}
