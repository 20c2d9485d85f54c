/** Small helpers for the normalised virtual paths the contract passes to drivers. */
import { StorageError } from './errors.js';

/** Throws `invalid-name` unless `path` is in the normalised form described in types.ts. */
export function assertNormalizedPath(path: string): void {
  const ok =
    path === '/' ||
    (path.startsWith('/') &&
      !path.endsWith('/') &&
      !path.includes('\0') &&
      path
        .slice(1)
        .split('/')
        .every((segment) => segment !== '' && segment !== '.' && segment !== '..'));
  if (!ok) throw new StorageError('invalid-name', `not a normalised path: ${JSON.stringify(path)}`);
}

/** `/a/b/c` → `/a/b`; `/a` → `/`; `/` → `/`. */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** `/a/b/c` → `c`; `/` → `/`. */
export function baseName(path: string): string {
  return path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a normalised directory path and a child name. */
export function childPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** True when `path` is `ancestor` or lies below it. */
export function isSameOrInside(path: string, ancestor: string): boolean {
  return ancestor === '/' || path === ancestor || path.startsWith(`${ancestor}/`);
}
