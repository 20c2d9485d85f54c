/**
 * Maps virtual paths onto the root folder and keeps every operation inside it: names reserved for
 * upload temporaries are refused, and so is any path whose real location (symlinks followed)
 * lies outside the root.
 */
import { realpath } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { assertNormalizedPath, StorageError } from '@bucketftp/storage';
import { isNothingThere, toStorageError } from './fs-errors.js';

/** Prefix of in-progress upload files; hidden from listings and refused as a user-given name. */
export const UPLOAD_TEMP_PREFIX = '.bucketftp-upload-';

export const isUploadTemp = (name: string): boolean => name.startsWith(UPLOAD_TEMP_PREFIX);

export class RootJail {
  readonly root: string;
  private realRoot: string | undefined;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The local path of virtual `path`, checked to stay inside the root. */
  async resolve(path: string): Promise<string> {
    const local = this.localPath(path);
    await this.assertNoEscape(local, path);
    return local;
  }

  /**
   * `resolve(path)` and `probe(local)` at once — each is a round trip to the thread pool, and on a
   * small upload or download those round trips are most of the server's wait. The probe's answer,
   * or its failure, counts only once the path is known to stay inside the root, so it must not
   * change anything (a stat, not a write).
   */
  async resolveWith<T>(path: string, probe: (local: string) => Promise<T>): Promise<[string, T]> {
    const local = this.localPath(path);
    const probed = probe(local);
    probed.catch(() => undefined); // settled below, or irrelevant when the path escapes
    await this.assertNoEscape(local, path);
    return [local, await probed];
  }

  /** Whether `local` (e.g. a symlink met while listing) really leads somewhere inside the root. */
  async leadsInside(local: string): Promise<boolean> {
    try {
      return isInside(await realpath(local), await this.rootRealPath());
    } catch {
      return false;
    }
  }

  /** The real root, so a root that is itself reached through a symlink works. */
  async rootRealPath(): Promise<string> {
    if (this.realRoot === undefined) {
      try {
        this.realRoot = await realpath(this.root);
      } catch (error) {
        throw new StorageError('unavailable', 'the storage root cannot be reached', { cause: error });
      }
    }
    return this.realRoot;
  }

  /**
   * The nearest existing ancestor of `local` (itself included), symlinks resolved, must lie inside
   * the root. What does not exist yet cannot lead anywhere else.
   */
  private async assertNoEscape(local: string, path: string): Promise<void> {
    const rootReal = await this.rootRealPath();
    // The folder's real path is looked up alongside the path's own: a new file's name does not
    // exist yet, and waiting for that answer before asking about its folder costs a round trip.
    const folder = local === this.root ? undefined : lookAhead(dirname(local));
    for (let probe = local; ; probe = dirname(probe)) {
      try {
        const real = await (probe === folder?.path ? folder.real : realpath(probe));
        if (!isInside(real, rootReal)) throw outsideRoot(path);
        return;
      } catch (error) {
        if (error instanceof StorageError) throw error;
        if (!isNothingThere(error) || probe === this.root) throw toStorageError(error, path);
      }
    }
  }

  /** The local form of virtual `path`: normalised, no reserved name, lexically inside the root. */
  private localPath(path: string): string {
    assertNormalizedPath(path);
    const segments = path === '/' ? [] : path.slice(1).split('/');
    if (segments.some(isUploadTemp)) throw new StorageError('invalid-name', `reserved name: ${path}`);
    const local = join(this.root, ...segments);
    if (!isInside(local, this.root)) throw outsideRoot(path);
    return local;
  }
}

/** `realpath(path)` started now, for a walk that may need it next. */
function lookAhead(path: string): { readonly path: string; readonly real: Promise<string> } {
  const real = realpath(path);
  real.catch(() => undefined); // not needed when the path itself exists
  return { path, real };
}

function isInside(candidate: string, root: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}

function outsideRoot(path: string): StorageError {
  return new StorageError('permission', `outside the storage root: ${path}`);
}
