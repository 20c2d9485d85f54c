/**
 * Bytes and files per user in /metrics: an opt-in (`metrics.perUser`), since every user is a label
 * value and users can be many. The first `maxUsers` distinct users are counted by name for as long
 * as the process runs; any later one is counted as user="other".
 */
import { Counter, type Registry } from 'prom-client';
import type { TransferRecord } from '@bucketftp/server';

export const OTHER_USERS = 'other';

export interface UserUsageOptions {
  readonly maxUsers: number;
}

export class UserUsage {
  private readonly named = new Set<string>();
  private readonly bytes: Counter<'user' | 'direction'>;
  private readonly files: Counter<'user' | 'direction'>;

  constructor(
    registry: Registry,
    private readonly options: UserUsageOptions,
  ) {
    const registers = [registry];
    this.bytes = new Counter({
      name: 'bucketftp_user_bytes_total',
      help: 'Bytes of file transfers by user and direction (upload = in, download = out), aborted ones included; user="other" beyond metrics.maxUsers.',
      labelNames: ['user', 'direction'] as const,
      registers,
    });
    this.files = new Counter({
      name: 'bucketftp_user_files_total',
      help: 'Files transferred completely by user and direction; user="other" beyond metrics.maxUsers.',
      labelNames: ['user', 'direction'] as const,
      registers,
    });
  }

  /** Listings are not counted: they are not the user's files. */
  count(record: TransferRecord): void {
    if (record.kind !== 'file' || record.user === undefined) return;
    const labels = { user: this.label(record.user), direction: record.direction };
    this.bytes.inc(labels, record.bytes);
    if (record.result === 'ok') this.files.inc(labels);
  }

  private label(user: string): string {
    if (this.named.has(user)) return user;
    if (this.named.size >= this.options.maxUsers) return OTHER_USERS;
    this.named.add(user);
    return user;
  }
}
