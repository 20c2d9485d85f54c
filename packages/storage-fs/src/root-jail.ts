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
    assertNormalizedPath(path);
    const segments = path === '/' ? [] : path.slice(1).split('/');
    if (segments.some(isUploadTemp)) throw new StorageError('invalid-name', `reserved name: ${path}`);
    const local = join(this.root, ...segments);
    if (!isInside(local, this.root)) throw outsideRoot(path);
    await this.assertNoEscape(local, path);
    return local;
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
    for (let probe = local; ; probe = dirname(probe)) {
      try {
        if (!isInside(await realpath(probe), rootReal)) throw outsideRoot(path);
        return;
      } catch (error) {
        if (error instanceof StorageError) throw error;
        if (!isNothingThere(error) || probe === this.root) throw toStorageError(error, path);
      }
    }
  }
}

function isInside(candidate: string, root: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}

function outsideRoot(path: string): StorageError {
  return new StorageError('permission', `outside the storage root: ${path}`);
}
