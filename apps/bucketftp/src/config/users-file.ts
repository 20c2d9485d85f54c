/**
 * `usersFile`: a YAML file holding only `users:` (same entries as in the configuration file), read at
 * start-up and again on SIGHUP or when it changes. Relative paths in it are resolved against its
 * own folder; `defaults` come from the configuration file.
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { StorageDefaults } from './storage-schema.js';
import type { UserConfig } from './user-schema.js';
import { crossCheckUsers, describeProblem, issueMessage, templateProblems, validateUsers, type CrossCheck, type Problem } from './users.js';
import { ConfigError, parseYamlDocument, readText, type Environment } from './yaml-file.js';

export interface UsersFileContext extends CrossCheck {
  readonly env: Environment;
  readonly defaults: StorageDefaults;
}

export interface UsersFile extends UsersFileContents {
  /** SHA-256 of the text, to tell a real change from a touch. */
  readonly digest: string;
}

const fileSchema = z.strictObject({
  users: z.array(z.unknown()).default([]),
  /** Overrides `auth.userTemplate` of the configuration file; reloaded with the users. */
  userTemplate: z.record(z.string(), z.unknown()).optional(),
});

export interface UsersFileContents {
  readonly users: UserConfig[];
  /** `userTemplate:` of the file, if it has one (checked like `auth.userTemplate`). */
  readonly userTemplate?: Readonly<Record<string, unknown>>;
}

export async function loadUsersFile(path: string, context: UsersFileContext): Promise<UsersFile> {
  const text = await readText(path);
  return { ...parseUsersFileContents(text, path, context), digest: digestOf(text) };
}

export function parseUsersFile(text: string, path: string, context: UsersFileContext): UserConfig[] {
  return parseUsersFileContents(text, path, context).users;
}

export function parseUsersFileContents(text: string, path: string, context: UsersFileContext): UsersFileContents {
  const raw = parseYamlDocument(text, path) ?? {};
  const shape = fileSchema.safeParse(raw);
  if (!shape.success) {
    throw new ConfigError(path, shape.error.issues.map((issue) => describeProblem({ path: issue.path, message: issueMessage(issue) })));
  }
  const schemaContext = { baseDir: dirname(path), env: context.env };
  const { entries, problems } = validateUsers(shape.data.users, schemaContext, context.defaults);
  const all: Problem[] = [...problems, ...crossCheckUsers(entries, context)];
  const { userTemplate } = shape.data;
  if (userTemplate) all.push(...templateProblems(userTemplate, schemaContext, context.defaults, ['userTemplate']));
  if (all.length > 0) throw new ConfigError(path, all.map(describeProblem));
  return { users: entries.filter((user) => user !== undefined), ...(userTemplate && { userTemplate }) };
}

export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
