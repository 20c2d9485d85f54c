/**
 * One FTP user: password hash, where the files live (one `storage`, or several `mounts` at virtual
 * paths), what the user may do, and from where.
 */
import { z } from 'zod';
import { isPasswordHash } from '../auth/password-hash.js';
import { addressBlock } from './address-blocks.js';
import { fileRulesFields } from './file-rules-schema.js';
import { secret, type SchemaContext } from './secrets.js';
import { storageSchema, type StorageDefaults } from './storage-schema.js';

export const PERMISSIONS = ['list', 'read', 'write', 'delete', 'rename', 'mkdir'] as const;

/** `/inbox/` → `/inbox`; refuses relative paths and `.`/`..` segments. */
const mountPath = z.string().transform((text, issue) => {
  const segments = text.split('/').filter((segment) => segment !== '');
  if (!text.startsWith('/')) {
    issue.addIssue({ code: 'custom', message: 'must be an absolute path such as /inbox', input: text });
    return z.NEVER;
  }
  if (segments.some((segment) => segment === '.' || segment === '..' || segment.includes('\0'))) {
    issue.addIssue({ code: 'custom', message: 'must not contain "." or ".." segments', input: text });
    return z.NEVER;
  }
  return `/${segments.join('/')}`;
});

function mountsSchema(context: SchemaContext, defaults: StorageDefaults) {
  return z
    .array(
      z.strictObject({
        path: mountPath,
        storage: storageSchema(context, defaults),
        /** Every change below this mount is refused (550). */
        readOnly: z.boolean().default(false),
        /** Drop-box rules below this mount, each replacing the user's. */
        ...fileRulesFields,
      }),
    )
    .min(1)
    .superRefine((mounts, issue) => {
      const seen = new Map<string, number>();
      mounts.forEach((mount, index) => {
        const first = seen.get(mount.path);
        if (first !== undefined) issue.addIssue({ code: 'custom', path: [index, 'path'], message: `${mount.path} is already mounted by mounts[${first}]` });
        seen.set(mount.path, index);
      });
    });
}

export function userSchema(context: SchemaContext, defaults: StorageDefaults = {}) {
  return z.strictObject({
    username: z.string().min(1).max(256).regex(/^[^\s:]+$/, 'must not contain spaces or colons'),
    passwordHash: secret(context, z.string().refine(isPasswordHash, 'must be a hash made by `bucketftp hash-password`')),
    /** The user's files in one storage; exclusive with `mounts`. */
    storage: storageSchema(context, defaults).optional(),
    /** Several storages at virtual paths; exclusive with `storage`. */
    mounts: mountsSchema(context, defaults).optional(),
    permissions: z.array(z.enum(PERMISSIONS)).default([...PERMISSIONS]),
    readOnly: z.boolean().default(false),
    allowFxp: z.boolean().default(false),
    /** Log in only over TLS (AUTH TLS or implicit FTPS); needs server.tls. */
    requireTls: z.boolean().default(false),
    partialUploads: z.enum(['discard', 'keep']).default('discard'),
    /** Drop-box rules: overwrite, allowedNames, deniedNames, maxFileSize, hidden. */
    ...fileRulesFields,
    /** Sessions this user may have open at once; default: no per-user limit. */
    maxConnections: z.number().int().min(1).optional(),
    /** Bytes per second of this user's sessions together, on each replica; 0 = none of the user's own (server limits still apply). */
    limits: z
      .strictObject({
        uploadBytesPerSecond: z.number().int().min(0).default(0),
        downloadBytesPerSecond: z.number().int().min(0).default(0),
      })
      .optional(),
    /** Client addresses the user may log in from (CIDR blocks); default: anywhere. */
    allowedSources: z
      .array(addressBlock('10.0.0.0/8 or ::1/128'))
      .min(1)
      .optional(),
    /** The quickstart user: refused unless every listener is on a loopback address. */
    demo: z.boolean().default(false),
  });
}

export type UserConfig = z.output<ReturnType<typeof userSchema>>;

/**
 * A user an external provider (http, ldap) vouched for: the same entry without `passwordHash` (the
 * provider checked the password) and without `demo`.
 */
export function externalUserSchema(context: SchemaContext, defaults: StorageDefaults = {}) {
  return userSchema(context, defaults).omit({ passwordHash: true, demo: true });
}

export type ExternalUserConfig = z.output<ReturnType<typeof externalUserSchema>>;

/** What an account is made of, whoever vouched for the user. */
export type AccountSettings = Omit<UserConfig, 'passwordHash' | 'demo'>;

/** `storage` xor `mounts`, checked on the raw entry so that it is reported with every other problem. */
export function storageChoiceProblem(raw: unknown): { path: string[]; message: string } | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const hasStorage = 'storage' in raw;
  const hasMounts = 'mounts' in raw;
  if (!hasStorage && !hasMounts) return { path: ['storage'], message: 'required (or mounts)' };
  if (hasStorage && hasMounts) return { path: ['mounts'], message: 'give either storage or mounts, not both' };
  return undefined;
}
