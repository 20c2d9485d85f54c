import type { TransferRecord } from '@bucketftp/server';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { UserUsage } from './user-usage.js';

function record(user: string | undefined, changes: Partial<TransferRecord> = {}): TransferRecord {
  return { sid: 's1', user, command: 'STOR', path: '/a.bin', direction: 'upload', kind: 'file', bytes: 1000, durationMs: 10, result: 'ok', ...changes };
}

async function samples(registry: Registry, name: string): Promise<Record<string, number>> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return Object.fromEntries(values.map((entry) => [`${String(entry.labels.user)}/${String(entry.labels.direction)}`, entry.value]));
}

describe('per-user usage', () => {
  it('counts bytes of every file transfer and files of completed ones, by user and direction', async () => {
    const registry = new Registry();
    const usage = new UserUsage(registry, { maxUsers: 10 });
    usage.count(record('ann'));
    usage.count(record('ann', { bytes: 500, result: 'aborted' }));
    usage.count(record('ann', { command: 'RETR', direction: 'download', bytes: 3000 }));
    usage.count(record('bob', { bytes: 7 }));
    // Listings and transfers before a login are not the user's files.
    usage.count(record('ann', { kind: 'listing', direction: 'download', bytes: 99 }));
    usage.count(record(undefined));
    expect(await samples(registry, 'bucketftp_user_bytes_total')).toEqual({ 'ann/upload': 1500, 'ann/download': 3000, 'bob/upload': 7 });
    expect(await samples(registry, 'bucketftp_user_files_total')).toEqual({ 'ann/upload': 1, 'ann/download': 1, 'bob/upload': 1 });
  });

  it('counts users beyond maxUsers as "other", keeping the first ones by name', async () => {
    const registry = new Registry();
    const usage = new UserUsage(registry, { maxUsers: 2 });
    for (const user of ['ann', 'bob', 'cy', 'dee', 'ann']) usage.count(record(user));
    expect(await samples(registry, 'bucketftp_user_files_total')).toEqual({ 'ann/upload': 2, 'bob/upload': 1, 'other/upload': 2 });
    expect(await samples(registry, 'bucketftp_user_bytes_total')).toEqual({ 'ann/upload': 2000, 'bob/upload': 1000, 'other/upload': 2000 });
  });
});
