/**
 * `{username}` (and, for external users, the attributes their provider returned) in the fields that
 * place a user's files: a storage's `prefix`, `root` and `bucket`, and a mount's `path`. One
 * template then serves every user: `prefix: customers/{username}`.
 *
 * A substituted value must be one plain path segment: not empty, not `.` or `..`, without `/`, `\`
 * or NUL. So `customers/{username}` stays below `customers/` and one user's home can never be
 * inside another's (a name such as `alice/x` would otherwise land in alice's files).
 */
import type { Problem } from './users.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;
const STORAGE_FIELDS = ['prefix', 'root', 'bucket'] as const;

export type TemplateValues = Readonly<Record<string, string>>;

export interface Rendered {
  readonly value: unknown;
  readonly problems: Problem[];
}

/** Substitutes the placeholders of `raw` (a raw user entry); problems name the field. */
export function renderUser(raw: unknown, values: TemplateValues): Rendered {
  const problems: Problem[] = [];
  if (!isRecord(raw)) return { value: raw, problems };
  const user: Record<string, unknown> = { ...raw };
  if (isRecord(user.storage)) user.storage = renderStorage(user.storage, values, ['storage'], problems);
  if (Array.isArray(user.mounts)) {
    user.mounts = user.mounts.map((mount: unknown, index) => {
      if (!isRecord(mount)) return mount;
      const rendered: Record<string, unknown> = { ...mount };
      if (typeof mount.path === 'string') rendered.path = substitute(mount.path, values, ['mounts', index, 'path'], problems);
      if (isRecord(mount.storage)) rendered.storage = renderStorage(mount.storage, values, ['mounts', index, 'storage'], problems);
      return rendered;
    });
  }
  return { value: user, problems };
}

function renderStorage(storage: Record<string, unknown>, values: TemplateValues, path: PropertyKey[], problems: Problem[]): Record<string, unknown> {
  const rendered: Record<string, unknown> = { ...storage };
  for (const field of STORAGE_FIELDS) {
    const text = storage[field];
    if (typeof text === 'string') rendered[field] = substitute(text, values, [...path, field], problems);
  }
  return rendered;
}

function substitute(text: string, values: TemplateValues, path: PropertyKey[], problems: Problem[]): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      problems.push({ path, message: `unknown placeholder ${whole} (known: ${Object.keys(values).map((key) => `{${key}}`).join(', ')})` });
      return whole;
    }
    const problem = segmentProblem(value);
    if (problem) problems.push({ path, message: `${whole} ${problem}` });
    return value;
  });
}

function segmentProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (value === '.' || value === '..') return `is "${value}"`;
  if (/[/\\\0]/.test(value)) return 'contains "/", "\\" or NUL';
  return undefined;
}

/** The template under an external user: the user's own keys win; `storage` and `mounts` exclude each other. */
export function mergeTemplate(template: Readonly<Record<string, unknown>> | undefined, user: unknown): unknown {
  if (!isRecord(user)) return user;
  if (!template) return user;
  const base: Record<string, unknown> = { ...template };
  if ('storage' in user || 'mounts' in user) {
    delete base.storage;
    delete base.mounts;
  }
  return { ...base, ...user };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
