/**
 * What one listing of a folder tells about its children, kept for a few seconds (`folderCacheMs`),
 * so that a run of uploads into one folder — the legacy pattern of one connection per file — checks
 * each name without requests of its own.
 *
 * A STOR must know that its parent exists and that its name is not a directory (write.ts). One
 * ListObjectsV2 of the parent with Delimiter '/' answers both for every name in it: the parent
 * exists when anything lies below it (its marker included), and its subdirectories are the common
 * prefixes. An answer is kept only when the listing came in one page, and everything kept is
 * dropped whenever this driver changes the tree (mkdir, rmdir, delete, rename). Another replica or
 * tool may change the folder meanwhile; within the time kept, an upload may then land in a folder
 * just removed there (which reappears with the file) or beside a directory of the same name just
 * created there. No file is lost or replaced either way.
 */
import type { ObjectKeys } from '@bucketftp/storage/object-store';
import { firstPage, pageEntries } from './listing.js';
import type { S3Target } from './target.js';

export interface FolderView {
  /** Something lies below the folder's prefix (a file being written into it does not count). */
  readonly exists: boolean;
  /** Names of its subdirectories. */
  readonly subdirectories: ReadonlySet<string>;
}

interface Kept {
  readonly expires: number;
  /** undefined: the folder is too large for one page; its names are checked one by one. */
  readonly view: Promise<FolderView | undefined>;
}

export class FolderCache {
  readonly #kept = new Map<string, Kept>();
  #generation = 0;
  /**
   * Keys of files this driver is writing right now. A small file's put may create its key while the
   * checks still run (single-put.ts): such a key is no evidence that its folder exists.
   */
  readonly writing = new KeysInFlight();

  constructor(
    private readonly keys: ObjectKeys,
    private readonly keepMs: number,
    private readonly pageSize: number,
  ) {}

  /**
   * The view of the folder `path` (key prefix `dirPrefix`), from a listing at most
   * `keepMs` old. Undefined when caching is off or the folder fills more than one page.
   */
  async view(target: S3Target, dirPrefix: string, path: string, signal?: AbortSignal): Promise<FolderView | undefined> {
    if (this.keepMs === 0) return undefined;
    const now = performance.now();
    const kept = this.#kept.get(dirPrefix);
    if (kept && kept.expires > now) return kept.view;
    const generation = this.#generation;
    const view = this.#list(target, dirPrefix, path, signal);
    this.#kept.set(dirPrefix, { expires: now + this.keepMs, view });
    try {
      const seen = await view;
      // Not kept: a folder that does not exist (yet), or one changed while it was being listed.
      if (!seen?.exists || generation !== this.#generation) this.#forget(dirPrefix, view);
      return seen;
    } catch (error) {
      this.#forget(dirPrefix, view);
      throw error;
    }
  }

  /** Drops everything kept: the driver changed the tree. */
  clear(): void {
    this.#generation += 1;
    this.#kept.clear();
  }

  #forget(dirPrefix: string, view: Promise<FolderView | undefined>): void {
    if (this.#kept.get(dirPrefix)?.view === view) this.#kept.delete(dirPrefix);
  }

  async #list(target: S3Target, dirPrefix: string, path: string, signal?: AbortSignal): Promise<FolderView | undefined> {
    const page = await firstPage(target, { prefix: dirPrefix, delimiter: '/', pageSize: this.pageSize, path, signal });
    if (page.IsTruncated === true) return undefined;
    const subdirectories = new Set<string>();
    for (const entry of pageEntries(this.keys, dirPrefix, page)) if (entry.type === 'dir') subdirectories.add(entry.name);
    const others = (page.Contents ?? []).some((object) => object.Key !== undefined && !this.writing.has(object.Key));
    // Any common prefix shows the folder exists, even one whose name no FTP path can express.
    return { exists: path === '/' || others || (page.CommonPrefixes?.length ?? 0) > 0, subdirectories };
  }
}

/** A multiset of keys: the same key may be written by two uploads at once. */
export class KeysInFlight {
  readonly #counts = new Map<string, number>();

  has(key: string): boolean {
    return this.#counts.has(key);
  }

  /** Counts `key` as being written until the returned function is called. */
  add(key: string): () => void {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.#counts.get(key) ?? 1) - 1;
      if (left === 0) this.#counts.delete(key);
      else this.#counts.set(key, left);
    };
  }
}
