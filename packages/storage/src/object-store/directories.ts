/**
 * A directory in an object store is a key prefix: it exists while its zero-byte marker (the object
 * named exactly `dir/`) or any object below it exists. mkdir writes the marker; rmdir deletes it
 * once nothing else is below. The marker sorts first among the names below its prefix, so a
 * listing of one or two keys (no delimiter) says all a probe needs.
 */

/** What the first keys below a directory's prefix (at most two, no delimiter) say about it. */
export type DirectoryState = 'missing' | 'empty' | 'in-use';

export function directoryState(prefix: string, firstKeys: readonly string[]): DirectoryState {
  if (firstKeys.length === 0) return 'missing';
  return firstKeys.every((key) => key === prefix) ? 'empty' : 'in-use';
}

/**
 * When the directory was made: the time of its marker when the first key listed below `prefix` is
 * that marker; undefined for a directory that exists only through its contents.
 */
export function markerTime(prefix: string, first: { readonly key: string | undefined; readonly mtime: Date | undefined } | undefined): Date | undefined {
  return first !== undefined && first.key === prefix ? first.mtime : undefined;
}

/** Whether `name` can be one segment of a normalised virtual path. */
export function isEntryName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/');
}
