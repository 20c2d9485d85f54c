/**
 * Virtual paths ↔ object names, the same for every object store.
 *
 * The configured prefix is the user's home: `/a/b.txt` is the object `<prefix>a/b.txt`; the
 * directory `/a` is everything named `<prefix>a/…` plus its zero-byte marker `<prefix>a/`
 * (directories.ts). A store that keeps temporaries names them under one bucket-wide prefix
 * `<tempPrefix>`, outside every user's prefix or one folder directly in it, which no user path may
 * then name. Names are plain UTF-8 strings, never URL-encoded here.
 */
import { randomUUID } from 'node:crypto';
import { invalidArgument, StorageError } from '../errors.js';
import { assertNormalizedPath } from '../paths.js';
import { isEntryName } from './directories.js';

export interface ObjectKeysOptions {
  /** The key prefix of the virtual root; leading and trailing slashes do not matter. */
  readonly prefix?: string | undefined;
  /** The store's longest object name in UTF-8 bytes (1,024 for S3 and GCS). */
  readonly maxNameBytes: number;
  /**
   * The object-name prefix of temporaries, from the bucket root (`.bucketftp-tmp/`, `sys/tmp/`;
   * one trailing `/` is implied); none when the store keeps no temporary objects.
   */
  readonly tempPrefix?: string | undefined;
  /** Names (or prefix segments) the store refuses beyond the common rules. */
  readonly refusesName?: ((name: string) => boolean) | undefined;
}

export class ObjectKeys {
  /** `''` or a prefix ending in exactly one `/`: the object name of the virtual root. */
  readonly root: string;
  /** The prefix of temporaries, ending in `/`; undefined when the store keeps none. */
  readonly tempRoot: string | undefined;
  readonly #maxNameBytes: number;
  readonly #refusesName: (name: string) => boolean;

  constructor(options: ObjectKeysOptions) {
    this.#maxNameBytes = options.maxNameBytes;
    this.#refusesName = options.refusesName ?? (() => false);
    this.root = this.#rootOf(options.prefix ?? '');
    this.tempRoot = options.tempPrefix === undefined ? undefined : this.#tempRootOf(options.tempPrefix);
  }

  /**
   * Throws `invalid-name` unless `path` is a normalised virtual path that maps onto an object name
   * the store accepts, outside the reserved folder.
   */
  check(path: string): void {
    assertNormalizedPath(path);
    if (path === '/') return;
    const name = this.file(path);
    if (this.tempRoot !== undefined && `${name}/`.startsWith(this.tempRoot)) throw new StorageError('invalid-name', `reserved name: ${path}`);
    // The directory form (`name/`) must fit as well, so every file name can also be a directory.
    if (Buffer.byteLength(name) + 1 > this.#maxNameBytes) throw new StorageError('invalid-name', `name too long: ${path}`);
    if (this.#refusesName(name)) throw new StorageError('invalid-name', `not a valid object name: ${JSON.stringify(path)}`);
  }

  /** The object that holds the file at `path` (not meaningful for `/`). */
  file(path: string): string {
    return this.root + path.slice(1);
  }

  /** The prefix of everything below the directory `path`; also the name of its marker. */
  dir(path: string): string {
    return path === '/' ? this.root : `${this.file(path)}/`;
  }

  /** The prefix of temporaries, for a store that keeps them (an error otherwise). */
  requireTempRoot(): string {
    if (this.tempRoot === undefined) throw new Error('this store reserves no folder for temporaries');
    return this.tempRoot;
  }

  /** A fresh temporary object name; `purpose` only makes leftovers recognisable. */
  temp(purpose: string): string {
    return `${this.requireTempRoot()}${purpose}-${randomUUID()}`;
  }

  /**
   * The name a key or common prefix shows inside the directory listed with `dirPrefix`, or
   * undefined when it is no visible child: the directory's own marker, the reserved folder, or a
   * name no normalised path could address (`a//b`, `a/./b`, written by other tools).
   */
  childName(dirPrefix: string, keyOrPrefix: string): string | undefined {
    if (!keyOrPrefix.startsWith(dirPrefix) || keyOrPrefix === this.tempRoot) return undefined;
    const rest = keyOrPrefix.slice(dirPrefix.length);
    const name = rest.endsWith('/') ? rest.slice(0, -1) : rest;
    return isEntryName(name) ? name : undefined;
  }

  #rootOf(prefix: string): string {
    const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
    if (trimmed === '') return '';
    if (!trimmed.split('/').every((segment) => this.#isPlainSegment(segment))) {
      throw invalidArgument(`not a valid key prefix: ${JSON.stringify(prefix)}`);
    }
    return `${trimmed}/`;
  }

  /**
   * The temporaries' prefix, checked: plain segments, and never where a user's files are: not
   * above the storage's prefix (its files would be swept as leftovers), and not deeper than one
   * folder below it (the folders above would appear and could be renamed with uploads in them).
   */
  #tempRootOf(tempPrefix: string): string {
    const trimmed = tempPrefix.replace(/\/$/, '');
    if (trimmed === '' || !trimmed.split('/').every((segment) => this.#isPlainSegment(segment))) {
      throw invalidArgument(`not a valid prefix for temporaries: ${JSON.stringify(tempPrefix)}`);
    }
    const tempRoot = `${trimmed}/`;
    if (this.root.startsWith(tempRoot)) {
      throw invalidArgument(`the storage's prefix ${JSON.stringify(this.root)} lies inside the temporaries' prefix ${JSON.stringify(tempRoot)}`);
    }
    if (tempRoot.startsWith(this.root) && tempRoot.slice(this.root.length, -1).includes('/')) {
      throw invalidArgument(`the temporaries' prefix ${JSON.stringify(tempRoot)} lies inside a folder of the storage's prefix ${JSON.stringify(this.root)}`);
    }
    return tempRoot;
  }

  #isPlainSegment(segment: string): boolean {
    return isEntryName(segment) && !this.#refusesName(segment);
  }
}
