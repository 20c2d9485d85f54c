/**
 * Validates a list of users (from the configuration file or from `usersFile`): each entry on its
 * own, so every problem of every entry is reported, then the checks across entries (duplicate
 * names, demo users on exposed listeners).
 */
import type { SchemaContext } from './secrets.js';
import type { StorageDefaults } from './storage-schema.js';
import { isLoopback } from './schema.js';
import { renderUser, mergeTemplate, type TemplateValues } from './templates.js';
import { externalUserSchema, storageChoiceProblem, userSchema, type ExternalUserConfig, type UserConfig } from './user-schema.js';

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
  const entries = raw.map((written, index) => {
    const choice = storageChoiceProblem(written);
    if (choice) problems.push({ path: ['users', index, ...choice.path], message: choice.message });
    const username = typeof written === 'object' && written !== null && 'username' in written ? written.username : undefined;
    const rendered = typeof username === 'string' ? renderUser(written, { username }) : { value: written, problems: [] };
    for (const problem of rendered.problems) problems.push({ path: ['users', index, ...problem.path], message: problem.message });
    const result = schema.safeParse(rendered.value);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ path: ['users', index, ...issue.path], message: issueMessage(issue) });
      return undefined;
    }
    return choice || rendered.problems.length > 0 ? undefined : result.data;
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

export interface ExternalUserInput {
  /** The name the client logged in with. */
  readonly username: string;
  /** What the provider returned. */
  readonly user: unknown;
  readonly attributes?: TemplateValues;
  readonly template?: Readonly<Record<string, unknown>>;
}

export type ExternalUserResult = { readonly ok: true; readonly config: ExternalUserConfig } | { readonly ok: false; readonly problems: Problem[] };

/**
 * An external provider's user: the template merged under it, placeholders substituted, then the
 * user schema without `passwordHash`. Its name is the login name (a different `username` is an
 * error). Secrets may not be read from the environment or files here: the provider's answer must
 * not be able to pull the server's own secrets into a storage configuration it chose.
 */
export function validateExternalUser(input: ExternalUserInput, context: SchemaContext, defaults: StorageDefaults): ExternalUserResult {
  const problems: Problem[] = [];
  if (typeof input.user !== 'object' || input.user === null || Array.isArray(input.user)) {
    return { ok: false, problems: [{ path: [], message: 'the reply holds no user object' }] };
  }
  const given = (input.user as { username?: unknown }).username;
  if (given !== undefined && given !== input.username) problems.push({ path: ['username'], message: 'differs from the login name' });
  const merged = { ...(mergeTemplate(input.template, input.user) as Record<string, unknown>), username: input.username };
  const choice = storageChoiceProblem(merged);
  if (choice) problems.push(choice);
  const rendered = renderUser(merged, { ...input.attributes, username: input.username });
  problems.push(...rendered.problems);
  const result = externalUserSchema({ ...context, env: {}, noSecretFiles: true }, defaults).safeParse(rendered.value);
  if (!result.success) for (const issue of result.error.issues) problems.push({ path: issue.path, message: issueMessage(issue) });
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  return { ok: true, config: result.data };
}

/** Problems of a `userTemplate`, found by rendering it for a sample user with no own settings. */
export function templateProblems(template: Readonly<Record<string, unknown>>, context: SchemaContext, defaults: StorageDefaults, path: readonly PropertyKey[]): Problem[] {
  const result = validateExternalUser({ username: 'sample', user: {}, template }, context, defaults);
  if (result.ok) return [];
  // Attributes are unknown until a provider answers: only their absence is forgiven here.
  return result.problems.filter((problem) => !problem.message.startsWith('unknown placeholder')).map((problem) => ({ path: [...path, ...problem.path], message: problem.message }));
}
