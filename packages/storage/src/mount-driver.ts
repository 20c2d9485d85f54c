/**
 * Several storages in one tree: each mount attaches a driver at a virtual path (`/inbox` on one S3
 * bucket, `/archive` on a GCS bucket, `/` read-only on a local folder), like SFTPGo's virtual folders
 * or AWS Transfer's logical directories.
 *
 * - A path goes to the mount with the longest matching prefix; the driver sees the rest of the path
 *   (`/inbox/a.txt` on a mount at `/inbox` is `/a.txt` there).
 * - Mount points and the folders above them always exist and are listed as directories, merged with
 *   what the covering driver holds there (a mount hides an entry of the same name).
 * - Mount points cannot be removed or renamed (`permission`); creating or deleting one is refused
 *   as for any existing directory.
 * - A rename from one mount to another is refused with `unsupported` (504 on the wire): the bytes
 *   would have to be copied between storages, which RNFR/RNTO do not promise.
 * - A read-only mount refuses every change below it with `permission` (550).
 * - `capabilities` is what at least one mount can do; a mount whose driver lacks a capability
 *   answers `unsupported` for it.
 */
import type { Readable } from 'node:stream';
import { throwIfAborted } from './abort.js';
import { alreadyExists, isADirectory, isStorageError, notFound, StorageError, unsupported } from './errors.js';
import { assertNormalizedPath, baseName, isSameOrInside, parentPath } from './paths.js';
import type {
  Capabilities,
  Entry,
  HashAlgorithm,
  ListOptions,
  OperationOptions,
  ReadOptions,
  StorageDriver,
  WriteOptions,
  WriteResult,
} from './types.js';

export interface Mount {
  /** Normalised virtual path where the storage appears (`/` for the root). */
  readonly path: string;
  readonly driver: StorageDriver;
  /** Every change below the mount point is refused with `permission`. */
  readonly readOnly?: boolean;
}

interface Route {
  readonly mount: Mount;
  /** The path as the mount's driver sees it. */
  readonly inner: string;
}

export class MountDriver implements StorageDriver {
  readonly kind = 'mount';
  readonly capabilities: Capabilities;
  /** Longest mount path first, so the first match is the longest prefix. */
  readonly mounts: readonly Mount[];

  constructor(mounts: readonly Mount[]) {
    if (mounts.length === 0) throw new RangeError('a MountDriver needs at least one mount');
    const seen = new Set<string>();
    for (const mount of mounts) {
      assertNormalizedPath(mount.path);
      if (seen.has(mount.path)) throw new RangeError(`two mounts at ${mount.path}`);
      seen.add(mount.path);
    }
    this.mounts = [...mounts].sort((a, b) => depth(b.path) - depth(a.path));
    this.capabilities = {
      append: mounts.some((mount) => mount.driver.capabilities.append),
      resume: mounts.some((mount) => mount.driver.capabilities.resume),
      renameDirectories: mounts.some((mount) => mount.driver.capabilities.renameDirectories),
      setModified: mounts.some((mount) => mount.driver.capabilities.setModified),
    };
  }

  async stat(path: string, options: OperationOptions = {}): Promise<Entry> {
    assertNormalizedPath(path);
    const route = this.route(path);
    if (route && route.inner === '/') return { ...(await route.mount.driver.stat('/', options)), name: baseName(path) };
    if (this.holdsMount(path)) {
      throwIfAborted(options.signal);
      return { name: baseName(path), type: 'dir', size: 0 };
    }
    if (!route) throw notFound(path);
    return await route.mount.driver.stat(route.inner, options);
  }

  async *list(path: string, options: ListOptions = {}): AsyncGenerator<Entry, void, undefined> {
    assertNormalizedPath(path);
    throwIfAborted(options.signal);
    const mounted = this.mountedChildren(path);
    const route = this.route(path);
    if (!route && mounted.size === 0) throw notFound(path);
    for (const name of mounted) yield { name, type: 'dir', size: 0 };
    if (!route) return;
    try {
      for await (const entry of route.mount.driver.list(route.inner, options)) {
        if (!mounted.has(entry.name)) yield entry;
      }
    } catch (error) {
      // A folder that exists only because a mount lies below it.
      const absent = isStorageError(error, 'not-found') || isStorageError(error, 'not-a-directory');
      if (!(absent && mounted.size > 0)) throw error;
    }
  }

  async read(path: string, options: ReadOptions = {}): Promise<Readable> {
    assertNormalizedPath(path);
    if (this.holdsMount(path)) throw isADirectory(path);
    const route = this.route(path);
    if (!route) throw notFound(path);
    return await route.mount.driver.read(route.inner, options);
  }

  async write(path: string, source: AsyncIterable<Uint8Array>, options: WriteOptions = {}): Promise<WriteResult> {
    assertNormalizedPath(path);
    if (this.holdsMount(path)) throw isADirectory(path);
    const route = this.writableRoute(path);
    const mode = options.mode?.kind ?? 'create';
    if (mode !== 'create' && !route.mount.driver.capabilities[mode]) throw unsupported(`${mode} uploads on the mount at ${route.mount.path}`);
    return await route.mount.driver.write(route.inner, source, options);
  }

  async mkdir(path: string, options: OperationOptions = {}): Promise<void> {
    assertNormalizedPath(path);
    if (this.holdsMount(path)) throw alreadyExists(path);
    const route = this.writableRoute(path);
    await route.mount.driver.mkdir(route.inner, options);
  }

  async rmdir(path: string, options: OperationOptions = {}): Promise<void> {
    assertNormalizedPath(path);
    if (this.holdsMount(path)) throw mountPointFixed(path);
    const route = this.writableRoute(path);
    await route.mount.driver.rmdir(route.inner, options);
  }

  async delete(path: string, options: OperationOptions = {}): Promise<void> {
    assertNormalizedPath(path);
    if (this.holdsMount(path)) throw isADirectory(path);
    const route = this.writableRoute(path);
    await route.mount.driver.delete(route.inner, options);
  }

  async rename(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    assertNormalizedPath(from);
    assertNormalizedPath(to);
    if (this.holdsMount(from)) throw mountPointFixed(from);
    if (this.holdsMount(to)) throw mountPointFixed(to);
    const source = this.route(from);
    if (!source) throw notFound(from);
    const target = this.writableRoute(to);
    if (source.mount !== target.mount) {
      throw new StorageError('unsupported', `rename across storages: ${from} (mount ${source.mount.path}) → ${to} (mount ${target.mount.path})`);
    }
    await target.mount.driver.rename(source.inner, target.inner, options);
  }

  async storedHash(path: string, algorithm: HashAlgorithm, options: OperationOptions = {}): Promise<string | undefined> {
    assertNormalizedPath(path);
    if (this.holdsMount(path)) throw isADirectory(path);
    const route = this.route(path);
    if (!route) throw notFound(path);
    return await route.mount.driver.storedHash?.(route.inner, algorithm, options);
  }

  async setModified(path: string, mtime: Date, options: OperationOptions = {}): Promise<void> {
    assertNormalizedPath(path);
    if (this.holdsMount(path)) throw isADirectory(path);
    const route = this.writableRoute(path);
    const { driver } = route.mount;
    if (!driver.capabilities.setModified || !driver.setModified) throw unsupported(`setting modification times on the mount at ${route.mount.path}`);
    await driver.setModified(route.inner, mtime, options);
  }

  /** Probes every mounted storage; the first that cannot be reached rejects. */
  async ping(options: OperationOptions = {}): Promise<void> {
    await Promise.all(this.drivers().map(async (driver) => await driver.ping?.(options)));
  }

  async close(): Promise<void> {
    await Promise.all(this.drivers().map(async (driver) => await driver.close?.()));
  }

  /** The mount holding `path` and the path below it, or undefined when no mount covers it. */
  private route(path: string): Route | undefined {
    const mount = this.mounts.find((candidate) => isSameOrInside(path, candidate.path));
    if (!mount) return undefined;
    const inner = mount.path === '/' ? path : path === mount.path ? '/' : path.slice(mount.path.length);
    return { mount, inner };
  }

  /** The route of a path about to change: refused on a read-only mount, and where no storage is. */
  private writableRoute(path: string): Route {
    const route = this.route(path);
    if (!route) {
      // Nothing can be created next to the mount points themselves: no storage lies there.
      if (this.holdsMount(parentPath(path))) throw new StorageError('permission', `no storage is mounted at ${path}`);
      throw notFound(path);
    }
    if (route.mount.readOnly) throw new StorageError('permission', `read-only mount ${route.mount.path}: ${path}`);
    return route;
  }

  /** True for a mount point and for every folder above one. */
  private holdsMount(path: string): boolean {
    return this.mounts.some((mount) => isSameOrInside(mount.path, path));
  }

  /** Names of the entries of `path` that are (or lead to) mount points below it. */
  private mountedChildren(path: string): Set<string> {
    const names = new Set<string>();
    for (const mount of this.mounts) {
      if (mount.path === path || !isSameOrInside(mount.path, path)) continue;
      const rest = mount.path.slice(path === '/' ? 1 : path.length + 1);
      names.add(rest.split('/')[0]!);
    }
    return names;
  }

  private drivers(): StorageDriver[] {
    return [...new Set(this.mounts.map((mount) => mount.driver))];
  }
}

function depth(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}

function mountPointFixed(path: string): StorageError {
  return new StorageError('permission', `a mount point (or a folder holding one) cannot be removed or renamed: ${path}`);
}
