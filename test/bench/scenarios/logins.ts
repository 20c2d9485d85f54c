/**
 * Many distinct users logging in at once (connect, USER, PASS → 230, QUIT): the time until every
 * one of them is in, on a fresh server each run so that no login cache helps. bucketftp (scrypt
 * hashes, ln=15 r=8 p=1, as `bucketftp hash-password` makes them) vs SFTPGo (its default password
 * hashing) vs pyftpdlib (plain-text passwords: the floor of what a login costs).
 */
import { randomBytes, scrypt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BenchContext, Scenario } from '../lib/context.js';
import { FtpClient } from '../lib/ftp-client.js';
import { HOST, type ChildServer } from '../lib/processes.js';
import { OURS, type MetricSpec } from '../lib/results.js';
import { PeakRss } from '../lib/rss.js';
import { formatCount } from '../lib/sizes.js';
import { startBucketftp, type BenchUser } from '../servers/bucketftp.js';
import { SFTPGO, startSftpgoUsers } from '../servers/peers.js';
import { startPyftpdlib } from '../servers/pyftpdlib.js';
import { inTurn } from '../lib/turns.js';

export const logins: Scenario = {
  id: 'logins',
  title: 'Distinct users logging in at once',
  async run(context) {
    const count = context.sizes.distinctUsers;
    const root = await context.makeDir('logins-root');
    const users = await numberedUsers(context, count);
    const group = `${formatCount(count)} distinct users logging in at once, local directory`;
    const wall: MetricSpec = { group, metric: 'time until all are logged in', unit: 's', better: 'lower' };
    const memory: MetricSpec = { group, metric: 'server peak RSS', unit: 'MiB', better: 'lower' };
    const starters: [string, () => Promise<ChildServer | undefined>][] = [
      [OURS, () => startBucketftp(context, 'logins', { driver: 'fs', root }, users)],
      ['pyftpdlib', () => startPyftpdlib(context, { root, numberedUsers: count })],
      ...(context.peers ? [[SFTPGO, () => startSftpgoUsers(context, root, count)] as [string, () => Promise<ChildServer | undefined>]] : []),
    ];
    for (let run = 1; run <= context.runs; run++) {
      for (const [contestant, start] of inTurn(starters, run)) {
        const server = await start();
        if (server === undefined) continue;
        try {
          const watch = PeakRss.start(server.pid);
          const started = performance.now();
          await Promise.all(users.map((user) => logInOnce(server, user.username, context.credentials.password)));
          context.recorder.add(wall, contestant, (performance.now() - started) / 1000);
          context.recorder.add(memory, contestant, watch.stop());
        } finally {
          await server.stop();
        }
      }
      context.log(`logins run ${run} done`);
    }
  },
};

async function logInOnce(server: ChildServer, username: string, password: string): Promise<void> {
  const client = await FtpClient.connect(HOST, server.port);
  try {
    await client.login(username, password);
    await client.quit();
  } finally {
    client.destroy();
  }
}

/** `${username}0` …, each with a hash of its own (a salt of its own), made as `bucketftp hash-password` makes them. */
async function numberedUsers(context: BenchContext, count: number): Promise<BenchUser[]> {
  const { username, password } = context.credentials;
  return Promise.all(
    Array.from({ length: count }, async (_, index) => ({ username: `${username}${index}`, passwordHash: await scryptHash(password) })),
  );
}

const COST = { ln: 15, r: 8, p: 1 };

function scryptHash(password: string): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** COST.ln;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, { N, r: COST.r, p: COST.p, maxmem: 256 * N * COST.r }, (error, key) => {
      if (error) reject(error);
      else resolve(`$scrypt$ln=${COST.ln},r=${COST.r},p=${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`);
    });
  });
}
