/**
 * Re-reads `usersFile` on SIGHUP and when it changes (fs.watch on its folder, so editors that
 * replace the file and Kubernetes ConfigMap symlink swaps are seen too; debounced). A file that
 * fails validation, or whose storages cannot be set up, is rejected as a whole: the previous users
 * stay, and every problem is logged. Reloads run one at a time.
 */
import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '@bucketftp/server';
import type { UserConfig } from '../config/schema.js';
import { digestOf, parseUsersFileContents, type UsersFileContents, type UsersFileContext } from '../config/users-file.js';
import { ConfigError, readText } from '../config/yaml-file.js';
import type { UsersChange } from '../auth/user-directory.js';

export type ReloadReason = 'signal' | 'change';
export type ReloadResult = 'ok' | 'rejected' | 'unchanged';

export interface UsersReloaderOptions {
  readonly file: string;
  readonly context: UsersFileContext;
  /** Users of the configuration file itself, kept in front of the file's. */
  readonly inline: readonly UserConfig[];
  /** Digest of the text loaded at start-up. */
  readonly digest: string;
  /**
   * Swaps the user list (and the file's `userTemplate`, undefined when it has none) in; throws when
   * a storage cannot be set up (nothing changes then).
   */
  readonly apply: (users: readonly UserConfig[], userTemplate: Readonly<Record<string, unknown>> | undefined) => Promise<UsersChange>;
  readonly log: Logger;
  readonly onResult?: (result: Exclude<ReloadResult, 'unchanged'>) => void;
  readonly debounceMs?: number;
}

export class UsersReloader {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * Digest of the last text examined, accepted or not, or the read error of a file that could not be
   * read: a change event that finds the same is no change and is not logged again (other files of
   * the folder, a log file among them, change all the time).
   */
  private lastDigest: string;

  constructor(private readonly options: UsersReloaderOptions) {
    this.lastDigest = options.digest;
  }

  /** Starts watching the file's folder. */
  watch(): void {
    const { file, log } = this.options;
    this.watcher = watch(dirname(file), { persistent: false }, () => this.schedule());
    this.watcher.on('error', (error) => log.warn({ err: error, file }, 'cannot watch the users file; reload with SIGHUP'));
  }

  /** Reloads now (after any reload already running). */
  reload(reason: ReloadReason): Promise<ReloadResult> {
    const next = this.queue.then(() => this.reloadOnce(reason));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.watcher?.close();
    clearTimeout(this.timer);
    await this.queue;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload('change'), this.options.debounceMs ?? 250);
    this.timer.unref();
  }

  private async reloadOnce(reason: ReloadReason): Promise<ReloadResult> {
    const { file, context, inline, apply, log, onResult } = this.options;
    let contents: UsersFileContents;
    try {
      const text = await readText(file).catch((error: unknown) => {
        if (!(error instanceof ConfigError)) throw error;
        const failure = `unreadable: ${error.problems.join('; ')}`;
        if (reason === 'change' && failure === this.lastDigest) return undefined;
        this.lastDigest = failure;
        throw error;
      });
      if (text === undefined) return 'unchanged';
      const digest = digestOf(text);
      if (reason === 'change' && digest === this.lastDigest) return 'unchanged';
      this.lastDigest = digest;
      contents = parseUsersFileContents(text, file, context);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      log.error({ file, reason, problems: error.problems }, 'users file rejected; keeping the previous users');
      onResult?.('rejected');
      return 'rejected';
    }
    let change: UsersChange;
    try {
      change = await apply([...inline, ...contents.users], contents.userTemplate);
    } catch (error) {
      log.error({ file, reason, err: error }, 'users file rejected: a storage could not be set up; keeping the previous users');
      onResult?.('rejected');
      return 'rejected';
    }
    const { added, changed, removed } = change;
    log.info({ file, reason, users: inline.length + contents.users.length, added, changed, removed }, 'users reloaded');
    onResult?.('ok');
    return 'ok';
  }
}
