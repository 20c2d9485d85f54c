/** What LIST, NLST, MLSD and STAT share: argument parsing, the entries to show, MLSx perm facts. */
import { isListableName, parseNamePattern, type NamePattern } from '@bucketftp/protocol';
import { isStorageError, type Entry, type StorageDriver } from '@bucketftp/storage';
import type { Permission } from '../../auth.js';
import type { CommandContext } from '../../context.js';

/** Clients send `LIST -la [path]`; leading option words are dropped like ls options (classic servers do the same). */
export function stripListOptions(arg: string): string {
  let rest = arg.trimStart();
  while (rest.startsWith('-')) {
    const space = rest.indexOf(' ');
    rest = space === -1 ? '' : rest.slice(space + 1).trimStart();
  }
  return rest;
}

export interface ListingTarget {
  readonly path: string;
  readonly entry: Entry;
  /** LIST/NLST with a wildcard in the last segment: only the entries of `path` whose name matches. */
  readonly pattern?: NamePattern;
  /** The directory part of the argument as the client typed it (`sub/` of `sub/*.csv`), '' when none. */
  readonly typedDir?: string;
  /** Names of `path`'s entries the drop-box rules hide: never listed. */
  readonly hides: (name: string) => boolean;
}

/** Resolves and stats the listed path before any 150 goes out, so a missing path is a plain 550. */
export async function listingTarget(context: CommandContext, arg: string): Promise<ListingTarget> {
  const path = context.resolvePath(stripListOptions(arg));
  return { path, entry: await context.storage.stat(path), hides: hiddenIn(context, path) };
}

/**
 * LIST and NLST: like listingTarget, but when nothing has the exact name and the argument's last
 * segment has a wildcard (`*.csv`, `log?.txt`, `[!a]*`), the target is the parent directory and
 * the entries are filtered by that pattern as they stream by (wildcards in earlier segments are
 * literal). The exact name goes first, so a file really called `*.csv` is still listed by it.
 * No match is an empty listing with 226, as vsftpd answers: the pattern named an empty file group
 * (RFC 959 §4.1.3 leaves the group to the server), and `mget` with no match then just copies nothing.
 * The storage contract has no name-prefix listing, so the whole parent directory is read and filtered.
 */
export async function globListingTarget(context: CommandContext, arg: string): Promise<ListingTarget> {
  const typed = stripListOptions(arg);
  const path = context.resolvePath(typed);
  try {
    return { path, entry: await context.storage.stat(path), hides: hiddenIn(context, path) };
  } catch (error) {
    if (!isStorageError(error, 'not-found')) throw error;
    const glob = splitPattern(typed);
    if (!glob) throw error;
    const dir = context.resolvePath(glob.typedDir === '' ? '.' : glob.typedDir);
    const entry = await context.storage.stat(dir);
    if (entry.type !== 'dir') throw error;
    return { path: dir, entry, pattern: glob.pattern, typedDir: glob.typedDir, hides: hiddenIn(context, dir) };
  }
}

function hiddenIn(context: CommandContext, dir: string): (name: string) => boolean {
  const rules = context.files.in(dir);
  return (name) => rules.hides(name);
}

function splitPattern(typed: string): { typedDir: string; pattern: NamePattern } | undefined {
  const trimmed = typed.normalize('NFC').replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const last = trimmed.slice(slash + 1);
  if (last === '.' || last === '..') return undefined;
  const pattern = parseNamePattern(last);
  return pattern && { typedDir: trimmed.slice(0, slash + 1), pattern };
}

/**
 * A directory's entries streamed from the driver, or the file itself; names that would break a
 * listing line, and hidden ones, are skipped.
 */
export async function* listingEntries(
  storage: StorageDriver,
  target: ListingTarget,
  signal?: AbortSignal,
  namesOnly = false,
): AsyncGenerator<Entry> {
  if (target.entry.type !== 'dir') {
    yield target.entry;
    return;
  }
  const { pattern } = target;
  for await (const entry of storage.list(target.path, { signal, namesOnly })) {
    if (isListableName(entry.name) && !target.hides(entry.name) && (!pattern || pattern.matches(entry.name))) yield entry;
  }
}

// RFC 3659 §7.5.5: the perm fact, from what this user may do.
export function permFact(entry: Entry, permissions: ReadonlySet<Permission>): string {
  const letters: string[] = [];
  const can = (permission: Permission, letter: string) => {
    if (permissions.has(permission)) letters.push(letter);
  };
  if (entry.type === 'dir') {
    letters.push('e');
    can('list', 'l');
    can('write', 'c');
    can('mkdir', 'm');
    can('delete', 'p');
    can('delete', 'd');
    can('rename', 'f');
  } else {
    can('read', 'r');
    can('write', 'w');
    can('write', 'a');
    can('delete', 'd');
    can('rename', 'f');
  }
  return letters.join('');
}

/**
 * LIST, NLST and MLSD: the entries of `target` streamed over the data connection, one formatted
 * line (CRLF-terminated, RFC 959 §3.1.1.1) each. `namesOnly` when the lines show no times (NLST).
 */
export function startListing(
  context: CommandContext,
  command: string,
  target: ListingTarget,
  opening: string,
  format: (entry: Entry) => string,
  namesOnly = false,
): void {
  const { storage } = context;
  context.transfers.start({
    command,
    path: target.path,
    kind: 'listing',
    direction: 'download',
    opening,
    async *lines(signal) {
      for await (const entry of listingEntries(storage, target, signal, namesOnly)) yield `${format(entry)}\r\n`;
    },
  });
}
