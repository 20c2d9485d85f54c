/**
 * Virtual paths ↔ object names, the same for every object store.
 *
 * The configured prefix is the user's home: `/a/b.txt` is the object `<prefix>a/b.txt`; the
 * directory `/a` is everything named `<prefix>a/…` plus its zero-byte marker `<prefix>a/`
 * (directories.ts). A store that keeps temporaries reserves one folder `<prefix><tempFolder>/`
 * that no user path may name. Names are plain UTF-8 strings, never URL-encoded here.
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
  /** One path segment reserved for temporaries; none when the store keeps no temporary objects. */
  readonly tempFolder?: string | undefined;
  /** Names (or prefix segments) the store refuses beyond the common rules. */
  readonly refusesName?: ((name: string) => boolean) | undefined;
}

export class ObjectKeys {
  /** `''` or a prefix ending in exactly one `/`: the object name of the virtual root. */
  readonly root: string;
  /** The reserved folder for temporaries, `<root><tempFolder>/`; undefined when nothing is reserved. */
  readonly tempRoot: string | undefined;
  readonly #tempFolder: string | undefined;
  readonly #maxNameBytes: number;
  readonly #refusesName: (name: string) => boolean;

  constructor(options: ObjectKeysOptions) {
    this.#maxNameBytes = options.maxNameBytes;
    this.#refusesName = options.refusesName ?? (() => false);
    this.root = this.#rootOf(options.prefix ?? '');
    const tempFolder = options.tempFolder;
    if (tempFolder !== undefined && !this.#isPlainSegment(tempFolder)) {
      throw invalidArgument(`tempPrefix must be one path segment: ${JSON.stringify(tempFolder)}`);
    }
    this.#tempFolder = tempFolder;
    this.tempRoot = tempFolder === undefined ? undefined : `${this.root}${tempFolder}/`;
  }

  /**
   * Throws `invalid-name` unless `path` is a normalised virtual path that maps onto an object name
   * the store accepts, outside the reserved folder.
   */
  check(path: string): void {
    assertNormalizedPath(path);
    if (path === '/') return;
    if (this.#tempFolder !== undefined && path.slice(1).split('/', 1)[0] === this.#tempFolder) {
      throw new StorageError('invalid-name', `reserved name: ${path}`);
    }
    const name = this.file(path);
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

  /** The reserved folder's prefix, for a store that keeps temporaries (an error otherwise). */
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

  #isPlainSegment(segment: string): boolean {
    return isEntryName(segment) && !this.#refusesName(segment);
  }
}
