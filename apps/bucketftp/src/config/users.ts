/**
 * Validates a list of users (from the configuration file or from `usersFile`): each entry on its
 * own, so every problem of every entry is reported, then the checks across entries (duplicate
 * names, demo users on exposed listeners).
 */
import type { SchemaContext } from './secrets.js';
import type { StorageDefaults } from './storage-schema.js';
import { isLoopback } from './schema.js';
import { storageChoiceProblem, userSchema, type UserConfig } from './user-schema.js';

export interface Problem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface ValidatedUsers {
  /** One slot per raw entry: undefined where the entry is invalid. */
  readonly entries: (UserConfig | undefined)[];
  readonly problems: Problem[];
}

/** Problem paths start with `users`, as in the file. */
export function validateUsers(raw: readonly unknown[], context: SchemaContext, defaults: StorageDefaults): ValidatedUsers {
  const schema = userSchema(context, defaults);
  const problems: Problem[] = [];
  const entries = raw.map((entry, index) => {
    const choice = storageChoiceProblem(entry);
    if (choice) problems.push({ path: ['users', index, ...choice.path], message: choice.message });
    const result = schema.safeParse(entry);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ path: ['users', index, ...issue.path], message: issueMessage(issue) });
      return undefined;
    }
    return choice ? undefined : result.data;
  });
  return { entries, problems };
}

export interface CrossCheck {
  readonly listen: readonly { host: string }[];
  /** Names taken elsewhere (users of the configuration file, when checking `usersFile`), with where. */
  readonly taken?: ReadonlyMap<string, string>;
}

/** Duplicate names and demo users on non-loopback listeners, over one file's entries (in file order). */
export function crossCheckUsers(entries: readonly (UserConfig | undefined)[], { listen, taken = new Map() }: CrossCheck): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  entries.forEach((user, index) => {
    if (!user) return;
    const first = seen.get(user.username);
    const elsewhere = taken.get(user.username);
    if (first !== undefined) problems.push({ path: ['users', index, 'username'], message: `duplicate of users[${first}].username` });
    else if (elsewhere !== undefined) problems.push({ path: ['users', index, 'username'], message: `duplicate of ${elsewhere}` });
    seen.set(user.username, index);
    if (!user.demo) return;
    listen.forEach((address, listenIndex) => {
      if (isLoopback(address.host)) return;
      problems.push({
        path: ['users', index, 'demo'],
        message: `the demo user may only be served on a loopback address (server.listen[${listenIndex}].host is ${address.host})`,
      });
    });
  });
  return problems;
}

/** zod's message, with "expected …, received undefined" said as `required`. */
export function issueMessage(issue: { code: string; message: string }): string {
  return issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'required' : issue.message;
}

/** `['users', 3, 'storage', 'root']` → `users[3].storage.root` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), '');
}

export function describeProblem(problem: Problem): string {
  const path = formatPath(problem.path);
  return path === '' ? problem.message : `${path}: ${problem.message}`;
}
