/**
 * Reads and validates the configuration file (and the users file it names). A bad file yields every
 * problem, each named by its path in the file (`users[3].storage.bucket: required`), never a stack
 * trace.
 */
import { dirname, resolve } from 'node:path';
import { configSchema, type Config } from './schema.js';
import type { SchemaContext } from './secrets.js';
import { storageDefaultsSchema, type StorageDefaults } from './storage-schema.js';
import { readTlsCredentials, TlsFilesError } from '../tls-credentials.js';
import type { UserConfig } from './user-schema.js';
import { ldapTemplateProblems } from './ldap-templates.js';
import { crossCheckUsers, describeProblem, issueMessage, templateProblems, validateUsers, type Problem } from './users.js';
import { loadUsersFile, type UsersFileContext } from './users-file.js';
import { ConfigError, parseYamlDocument, readText, type Environment } from './yaml-file.js';

export { formatPath } from './users.js';
export { ConfigError, type Environment } from './yaml-file.js';

export interface LoadOptions {
  /** Where `{ env: NAME }` secrets come from; default process.env. */
  readonly env?: Environment;
}

export interface LoadedConfig {
  readonly config: Config;
  /** Every user: those of the configuration file, then those of `usersFile`. */
  readonly users: readonly UserConfig[];
  /** Folder relative paths in the file are resolved against. */
  readonly baseDir: string;
  readonly file: string;
  /** Absolute path of `usersFile`, when set. */
  readonly usersFile?: string;
  /** Digest of the users file's text as loaded, to tell later changes from touches. */
  readonly usersFileDigest?: string;
  /** Merged under external providers' users: the users file's `userTemplate`, else `auth.userTemplate`. */
  readonly userTemplate?: Readonly<Record<string, unknown>>;
  /** How the users file is re-read (SIGHUP, change). */
  readonly usersFileContext: UsersFileContext;
}

export async function loadConfig(file: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const text = await readText(file);
  const env = options.env ?? process.env;
  const baseDir = dirname(resolve(file));
  const config = parseConfig(text, file, { env, baseDir });
  await checkTlsFiles(config, file, baseDir);
  const usersFileContext = contextForUsersFile(config, file, env);
  const usersFile = config.usersFile === undefined ? undefined : resolve(baseDir, config.usersFile);
  const loaded = usersFile === undefined ? undefined : await loadUsersFile(usersFile, usersFileContext);
  return {
    config,
    users: [...config.users, ...(loaded?.users ?? [])],
    baseDir,
    file,
    usersFile,
    usersFileDigest: loaded?.digest,
    userTemplate: loaded?.userTemplate ?? config.auth.userTemplate,
    usersFileContext,
  };
}

export function parseConfig(text: string, file = 'config', options: { env?: Environment; baseDir?: string } = {}): Config {
  const raw = parseYamlDocument(text, file) ?? {};
  const context: SchemaContext = { baseDir: options.baseDir ?? dirname(resolve(file)), env: options.env ?? process.env };
  const problems: Problem[] = [];
  const settings = configSchema(context).safeParse(raw);
  if (!settings.success) for (const issue of settings.error.issues) problems.push({ path: issue.path, message: issueMessage(issue) });

  const rawUsers = fieldOf(raw, 'users');
  const usersFile = fieldOf(raw, 'usersFile');
  // With an external provider (http, ldap), configured users are optional.
  const external = settings.success && settings.data.auth.providers.some((provider) => provider.type !== 'config');
  if (rawUsers === undefined && usersFile === undefined && !external) problems.push({ path: ['users'], message: 'required (or usersFile)' });
  if (Array.isArray(rawUsers) && rawUsers.length === 0 && usersFile === undefined && !external) {
    problems.push({ path: ['users'], message: 'at least one user is required (here or in usersFile)' });
  }
  const { entries, problems: userProblems } = validateUsers(Array.isArray(rawUsers) ? rawUsers : [], context, defaultsOf(raw, context));
  problems.push(...userProblems);
  if (settings.success) problems.push(...crossCheckUsers(entries, { listen: settings.data.server.listen }));
  const template = settings.success ? settings.data.auth.userTemplate : undefined;
  if (settings.success && template) problems.push(...templateProblems(template, context, settings.data.defaults, ['auth', 'userTemplate']));
  if (settings.success) problems.push(...ldapTemplateProblems(settings.data.auth, settings.data.defaults, context));

  if (!settings.success || problems.length > 0) throw new ConfigError(file, problems.map(describeProblem));
  return { ...settings.data, users: entries.filter((user) => user !== undefined) };
}

/** `server.tls`: the certificate and key must be readable PEM and belong together. */
async function checkTlsFiles(config: Config, file: string, baseDir: string): Promise<void> {
  if (!config.server.tls) return;
  try {
    await readTlsCredentials(config.server.tls, baseDir);
  } catch (error) {
    if (error instanceof TlsFilesError) throw new ConfigError(file, [error.message]);
    throw error;
  }
}

/** What checking the users file needs from the configuration file. */
function contextForUsersFile(config: Config, file: string, env: Environment): UsersFileContext {
  return {
    env,
    defaults: config.defaults,
    listen: config.server.listen,
    taken: new Map(config.users.map((user, index) => [user.username, `users[${index}].username in ${file}`])),
  };
}

/** Valid `defaults` to merge under the users; problems with them are reported by the main schema. */
function defaultsOf(raw: unknown, context: SchemaContext): StorageDefaults {
  const result = storageDefaultsSchema(context).safeParse(fieldOf(raw, 'defaults'));
  return result.success ? result.data : {};
}

function fieldOf(raw: unknown, key: string): unknown {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>)[key] : undefined;
}
