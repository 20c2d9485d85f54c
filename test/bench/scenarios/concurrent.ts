/**
 * Many clients at once, each connecting, logging in and fetching the same file: wall time until
 * the last one finished and the server's peak memory, bucketftp (fs driver) vs pyftpdlib.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchContext, Scenario } from '../lib/context.js';
import { writeRandomFile } from '../lib/data.js';
import { FtpClient } from '../lib/ftp-client.js';
import { HOST, type ChildServer } from '../lib/processes.js';
import { OURS, type MetricSpec } from '../lib/results.js';
import { PeakRss } from '../lib/rss.js';
import { formatBytes, formatCount } from '../lib/sizes.js';
import { startBucketftp } from '../servers/bucketftp.js';
import { startPyftpdlib } from '../servers/pyftpdlib.js';
import { inTurn } from '../lib/turns.js';

/** Every client counts its bytes; every HASH_EVERY-th also hashes them (hashing all would make the client the bottleneck). */
const HASH_EVERY = 20;

export const concurrent: Scenario = {
  id: 'concurrent',
  title: 'Concurrent clients: connect + login + RETR each',
  async run(context) {
    const { clients, clientFileBytes } = context.sizes;
    const root = await context.makeDir('concurrent-root');
    const file = join(root, 'shared.bin');
    await writeRandomFile(file, clientFileBytes);
    const expectedHash = createHash('sha256').update(await readFile(file)).digest('hex');
    const group = `${formatCount(clients)} clients × ${formatBytes(clientFileBytes)} RETR, local directory`;
    const wall: MetricSpec = { group, metric: 'wall time, all clients', unit: 's', better: 'lower' };
    const login: MetricSpec = { group, metric: 'slowest connect + login', unit: 's', better: 'lower' };
    const memory: MetricSpec = { group, metric: 'server peak RSS', unit: 'MiB', better: 'lower' };
    const servers: [string, ChildServer][] = [];
    try {
      servers.push([OURS, await startBucketftp(context, 'fs-concurrent', { driver: 'fs', root })]);
      servers.push(['pyftpdlib', await startPyftpdlib(context, { root })]);
      for (let run = 1; run <= context.runs; run++) {
        for (const [contestant, server] of inTurn(servers, run)) {
          const watch = PeakRss.start(server.pid);
          const started = performance.now();
          const logins = await Promise.all(Array.from({ length: clients }, (_, index) => fetchOnce(context, server, index, expectedHash)));
          context.recorder.add(wall, contestant, (performance.now() - started) / 1000);
          context.recorder.add(login, contestant, Math.max(...logins));
          context.recorder.add(memory, contestant, watch.stop());
        }
        context.log(`concurrent run ${run} done`);
      }
    } finally {
      await Promise.all(servers.map(([, server]) => server.stop()));
    }
  },
};

/** One client's session; returns the seconds its connect + login took. */
async function fetchOnce(context: BenchContext, server: ChildServer, index: number, expectedHash: string): Promise<number> {
  const started = performance.now();
  const client = await FtpClient.connect(HOST, server.port);
  try {
    await client.login(context.credentials.username, context.credentials.password);
    const loginSeconds = (performance.now() - started) / 1000;
    const hash = index % HASH_EVERY === 0 ? createHash('sha256') : undefined;
    const result = await client.retrieve('RETR /shared.bin', hash && ((chunk) => hash.update(chunk)));
    const label = `${server.name} client ${index}`;
    if (result.bytes !== context.sizes.clientFileBytes) throw new Error(`${label}: ${result.bytes} bytes, expected ${context.sizes.clientFileBytes}`);
    if (hash && hash.digest('hex') !== expectedHash) throw new Error(`${label}: SHA-256 differs`);
    await client.quit();
    return loginSeconds;
  } finally {
    client.destroy();
  }
}
