import type { BucketftpEvent, BucketftpEventType } from './event.js';

export interface EventFilterOptions {
  readonly events?: readonly BucketftpEventType[] | undefined;
  readonly users?: readonly string[] | undefined;
  readonly paths?: readonly string[] | undefined;
}

/**
 * A path glob as a regular expression: `*` matches within one segment, `**` any number of whole
 * segments (also none: `/in/**` matches `/in` and `/in/a/b`, `/in/**` + `/x` matches `/in/x`), `?` one
 * character other than `/`. Everything else is literal.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      const slashBefore = source.endsWith('/');
      const slashAfter = glob[i + 2] === '/';
      i += 1;
      if (slashBefore && slashAfter) {
        // "/**/": one slash, or any whole segments between two.
        source = `${source.slice(0, -1)}(?:/|/.*/)`;
        i += 1;
      } else if (slashBefore && i === glob.length - 1) {
        // trailing "/**": the folder itself or anything below it.
        source = `${source.slice(0, -1)}(?:/.*)?`;
      } else {
        source += '.*';
      }
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The test a sink's filters make: every configured filter must pass (an absent one passes all). */
export function eventFilter(options: EventFilterOptions): (event: BucketftpEvent) => boolean {
  const types = options.events && new Set(options.events);
  const users = options.users && new Set(options.users);
  const paths = options.paths?.map(globToRegExp);
  return (event) => {
    if (types && !types.has(event.type)) return false;
    if (users && (event.user === null || !users.has(event.user))) return false;
    if (paths) {
      const candidates = [event.path, event.oldPath].filter((path): path is string => path !== undefined);
      if (!candidates.some((path) => paths.some((pattern) => pattern.test(path)))) return false;
    }
    return true;
  };
}
