/**
 * Secret values (password hashes, S3 credentials) may be written in the file, or taken from the
 * environment or from a file at load time, so they never have to sit in the configuration:
 *
 *   passwordHash: { env: ACME_PASSWORD_HASH }
 *   secretAccessKey: { file: /run/secrets/s3-secret }     # one trailing newline is dropped
 *
 * A variable that is not set or a file that cannot be read is reported at the value's path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Where relative paths point and which environment `{ env: NAME }` reads. */
export interface SchemaContext {
  /** Folder of the file being read; relative paths are resolved against it. */
  readonly baseDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `{ file: PATH }` is refused (values that come from an external provider's answer). */
  readonly noSecretFiles?: boolean;
}

const reference = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/) }),
  z.strictObject({ file: z.string().min(1) }),
]);

/** A string given inline, as `{ env: NAME }` or as `{ file: PATH }`, then checked by `value`. */
export function secret(context: SchemaContext, value: z.ZodType<string, string>) {
  return z
    .union([z.string(), reference], {
      error: (issue) => (issue.input === undefined ? 'required' : 'must be a string, { env: NAME } or { file: PATH }'),
    })
    .transform((input, issue) => {
      if (typeof input === 'string') return input;
      const resolved = 'env' in input ? fromEnvironment(input.env, context) : fromFile(input.file, context);
      if (resolved.ok) return resolved.value;
      issue.addIssue({ code: 'custom', message: resolved.problem, input });
      return z.NEVER;
    })
    .pipe(value);
}

type Resolved = { ok: true; value: string } | { ok: false; problem: string };

function fromEnvironment(name: string, context: SchemaContext): Resolved {
  const value = Object.hasOwn(context.env, name) ? context.env[name] : undefined;
  if (value === undefined) return { ok: false, problem: `environment variable ${name} is not set` };
  if (value === '') return { ok: false, problem: `environment variable ${name} is empty` };
  return { ok: true, value };
}

function fromFile(path: string, context: SchemaContext): Resolved {
  if (context.noSecretFiles === true) return { ok: false, problem: 'secrets from files are not allowed here' };
  const absolute = resolve(context.baseDir, path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    return { ok: false, problem: `cannot read the secret file ${absolute} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') return { ok: false, problem: `the secret file ${absolute} is empty` };
  return { ok: true, value };
}
