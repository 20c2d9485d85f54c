/**
 * Drop-box rules: what a user may store and see, for the whole account and per folder scope (a
 * mount). Enforced above the storage drivers, by the verb handlers, so every driver obeys them alike.
 *
 * The rules for an entry are those of the folder that holds it: the deepest scope at or above that
 * folder, each of its keys falling back to the account's (never to an outer scope's). Names are matched by `nameGlob`
 * (`*`, `?`, `[...]`; case-sensitive).
 */
import { nameGlob, type NamePattern } from '@bucketftp/protocol';
import { assertNormalizedPath, isSameOrInside } from '@bucketftp/storage';

export interface FileRules {
  /** false: STOR, APPE, REST+STOR and RNTO onto an existing file are refused (550). Default true. */
  readonly overwrite?: boolean;
  /** Only these names may be stored (553 otherwise). Default: any name. */
  readonly allowedNames?: readonly string[];
  /** These names may not be stored (553), even when allowed. Default: none. */
  readonly deniedNames?: readonly string[];
  /** Largest file in bytes an upload may leave (552). Default: no limit. */
  readonly maxFileSize?: number;
  /** Entries never listed and never opened, as if absent (550). Default: none. */
  readonly hidden?: readonly string[];
}

/** Rules that replace the account's, key by key, for everything below `path`. */
export interface ScopedFileRules {
  readonly path: string;
  readonly rules: FileRules;
}

/** The rules in effect inside one folder. */
export interface FolderRules {
  readonly overwrite: boolean;
  readonly maxFileSize: number | undefined;
  /** The name is allowed and not denied. */
  nameAllowed(name: string): boolean;
  hides(name: string): boolean;
}

export class FilePolicy {
  /** Deepest scope first, the account's own rules (at `/`) last. */
  private readonly scopes: readonly { readonly path: string; readonly rules: FolderRules }[];
  private readonly hidesAnything: boolean;

  constructor(rules: FileRules = {}, scopes: readonly ScopedFileRules[] = []) {
    for (const scope of scopes) assertNormalizedPath(scope.path);
    const merged = [...scopes]
      .sort((a, b) => b.path.length - a.path.length)
      .map((scope) => ({ path: scope.path, settings: { ...rules, ...withoutUndefined(scope.rules) } }));
    merged.push({ path: '/', settings: rules });
    this.scopes = merged.map((scope) => ({ path: scope.path, rules: compile(scope.settings) }));
    this.hidesAnything = merged.some((scope) => (scope.settings.hidden?.length ?? 0) > 0);
  }

  /** The rules for the entries of folder `dir`. */
  in(dir: string): FolderRules {
    return (this.scopes.find((scope) => isSameOrInside(dir, scope.path)) ?? this.scopes.at(-1)!).rules;
  }

  /** True when any segment of `path` is hidden by the rules of the folder holding it. */
  isHidden(path: string): boolean {
    if (!this.hidesAnything || path === '/') return false;
    let dir = '/';
    for (const name of path.slice(1).split('/')) {
      if (this.in(dir).hides(name)) return true;
      dir = dir === '/' ? `/${name}` : `${dir}/${name}`;
    }
    return false;
  }
}

/** No rules: everything may be stored, replaced and seen. */
export const OPEN_FILE_POLICY = new FilePolicy();

function compile(settings: FileRules): FolderRules {
  const allowed = settings.allowedNames && patterns(settings.allowedNames);
  const denied = patterns(settings.deniedNames ?? []);
  const hidden = patterns(settings.hidden ?? []);
  return {
    overwrite: settings.overwrite ?? true,
    maxFileSize: settings.maxFileSize,
    nameAllowed: (name) => (!allowed || matchesAny(allowed, name)) && !matchesAny(denied, name),
    hides: (name) => matchesAny(hidden, name),
  };
}

function patterns(globs: readonly string[]): NamePattern[] {
  return globs.map((glob) => nameGlob(glob));
}

function matchesAny(list: readonly NamePattern[], name: string): boolean {
  return list.some((pattern) => pattern.matches(name));
}

function withoutUndefined(rules: FileRules): FileRules {
  return Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined));
}
