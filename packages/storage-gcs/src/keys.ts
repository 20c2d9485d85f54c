/**
 * Virtual paths ↔ GCS object names.
 *
 * `/a/b.txt` is the object `<prefix>a/b.txt`; the directory `/a` is everything named `<prefix>a/…`,
 * plus the zero-byte placeholder `<prefix>a/` that mkdir writes. Temporaries live under the
 * reserved folder `<prefix>.bucketftp-tmp/`, which no user path may name.
 */
import { randomUUID } from 'node:crypto';
import { assertNormalizedPath, invalidArgument, StorageError } from '@bucketftp/storage';

export const DEFAULT_TEMP_FOLDER = '.bucketftp-tmp';

/** https://cloud.google.com/storage/docs/objects#naming */
const MAX_OBJECT_NAME_BYTES = 1024;
const FORBIDDEN_NAME_CHARACTERS = /[\r\n]/;
const FORBIDDEN_NAME_PREFIX = '.well-known/acme-challenge/';

export class ObjectKeys {
  /** `''` or a prefix ending in `/`: the object name of the virtual root. */
  readonly root: string;
  /** The reserved folder for temporaries, `<root><tempFolder>/`. */
  readonly tempRoot: string;
  private readonly tempFolder: string;

  constructor(prefix = '', tempFolder = DEFAULT_TEMP_FOLDER) {
    this.root = normalizePrefix(prefix);
    if (!isPlainSegment(tempFolder)) throw invalidArgument(`tempPrefix must be one path segment: ${JSON.stringify(tempFolder)}`);
    this.tempFolder = tempFolder;
    this.tempRoot = `${this.root}${tempFolder}/`;
  }

  /**
   * Throws `invalid-name` unless `path` is a normalised virtual path that maps onto a valid object
   * name outside the reserved folder.
   */
  check(path: string): void {
    assertNormalizedPath(path);
    if (path === '/') return;
    if (path.slice(1).split('/', 1)[0] === this.tempFolder) {
      throw new StorageError('invalid-name', `reserved name: ${path}`);
    }
    const name = this.file(path);
    // The directory form (`name/`) must fit as well, so every file name can also be a directory.
    if (Buffer.byteLength(name) + 1 > MAX_OBJECT_NAME_BYTES) throw new StorageError('invalid-name', `name too long: ${path}`);
    if (FORBIDDEN_NAME_CHARACTERS.test(name) || name.startsWith(FORBIDDEN_NAME_PREFIX)) {
      throw new StorageError('invalid-name', `not a valid object name: ${JSON.stringify(path)}`);
    }
  }

  /** The object that holds the file at `path` (not meaningful for `/`). */
  file(path: string): string {
    return this.root + path.slice(1);
  }

  /** The prefix of everything below the directory `path`; also the name of its placeholder. */
  dir(path: string): string {
    return path === '/' ? this.root : `${this.root}${path.slice(1)}/`;
  }

  /** A fresh temporary object name; `purpose` only makes leftovers recognisable. */
  temp(purpose: string): string {
    return `${this.tempRoot}${purpose}-${randomUUID()}`;
  }
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!trimmed.split('/').every(isPlainSegment)) throw invalidArgument(`not a valid key prefix: ${JSON.stringify(prefix)}`);
  return `${trimmed}/`;
}

function isPlainSegment(segment: string): boolean {
  return segment !== '' && segment !== '.' && segment !== '..' && !segment.includes('/') && !FORBIDDEN_NAME_CHARACTERS.test(segment);
}
