/**
 * Storages of removed or changed users are closed only once no session that might still use them
 * is left: every session open when the users changed is waited for (those sessions end at their
 * next command, or finish their running transfer first). Sessions opened afterwards log in with the
 * new entries and never touch a retired storage.
 */
import type { Logger } from '@bucketftp/server';
import type { UserStorage } from './user-storage.js';

interface Batch {
  readonly waitingFor: Set<string>;
  readonly storages: readonly UserStorage[];
}

export class StorageRetirement {
  private readonly open = new Set<string>();
  private batches: Batch[] = [];

  constructor(private readonly log: Logger) {}

  sessionOpened(sid: string): void {
    this.open.add(sid);
  }

  sessionClosed(sid: string): void {
    this.open.delete(sid);
    const done: Batch[] = [];
    for (const batch of this.batches) {
      batch.waitingFor.delete(sid);
      if (batch.waitingFor.size === 0) done.push(batch);
    }
    if (done.length === 0) return;
    this.batches = this.batches.filter((batch) => !done.includes(batch));
    for (const batch of done) void this.close(batch.storages);
  }

  retire(storages: readonly UserStorage[]): void {
    if (storages.length === 0) return;
    if (this.open.size === 0) void this.close(storages);
    else this.batches.push({ waitingFor: new Set(this.open), storages });
  }

  /** Closes whatever is still waiting (the server has stopped). */
  async closeAll(): Promise<void> {
    const storages = this.batches.flatMap((batch) => batch.storages);
    this.batches = [];
    await this.close(storages);
  }

  private async close(storages: readonly UserStorage[]): Promise<void> {
    await Promise.all(
      storages.map(async (storage) => {
        try {
          await storage.driver.close?.();
        } catch (error) {
          this.log.warn({ err: error }, 'closing a retired storage failed');
        }
      }),
    );
  }
}
