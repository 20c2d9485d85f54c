/**
 * The configuration file's schema. Every key is documented in the README's configuration reference;
 * keep the two in step.
 */
import { z } from 'zod';
import { isPasswordHash } from '../auth/password-hash.js';

const port = z.number().int().min(0).max(65535);
const durationMs = z.number().int().min(0);

const listenAddress = z.strictObject({
  host: z.string().min(1),
  port,
});

const portRange = z
  .strictObject({ min: port.min(1024), max: port.min(1024) })
  .refine((range) => range.min <= range.max, { message: 'min must not exceed max', path: ['max'] });

const permission = z.enum(['list', 'read', 'write', 'delete', 'rename', 'mkdir']);

const fsStorage = z.strictObject({
  driver: z.literal('fs'),
  /** Folder holding the user's files; relative paths are relative to the configuration file. */
  root: z.string().min(1),
});

const keyPrefix = z
  .string()
  .regex(/^[^/].*[^/]$|^[^/]?$/, 'must not start or end with "/"')
  .default('');

const s3Storage = z.strictObject({
  driver: z.literal('s3'),
  bucket: z.string().min(3).max(63),
  /** Key prefix acting as the user's home (`users/acme`); default: the bucket root. */
  prefix: keyPrefix,
  region: z.string().min(1).default('us-east-1'),
  /** An S3-compatible endpoint (MinIO, Ceph, …); default: AWS. */
  endpoint: z.url().optional(),
  forcePathStyle: z.boolean().default(false),
  /** Default: the SDK's chain (env, shared profile, web identity / IRSA, instance role). */
  credentials: z
    .strictObject({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1), sessionToken: z.string().optional() })
    .optional(),
  partSizeMiB: z.number().int().min(5).max(4096).optional(),
  maxPartsInFlight: z.number().int().min(1).max(64).optional(),
});

const gcsStorage = z.strictObject({
  driver: z.literal('gcs'),
  bucket: z.string().min(3).max(222),
  /** Object-name prefix acting as the user's home; default: the bucket root. */
  prefix: keyPrefix,
  projectId: z.string().min(1).optional(),
  /** A custom endpoint (an emulator); default: Google's. */
  apiEndpoint: z.url().optional(),
  /** A service-account key file; default: Application Default Credentials (workload identity). */
  keyFilename: z.string().min(1).optional(),
});

export const storageSchema = z.discriminatedUnion('driver', [fsStorage, s3Storage, gcsStorage]);

const user = z.strictObject({
  username: z.string().min(1).max(256).regex(/^[^\s:]+$/, 'must not contain spaces or colons'),
  passwordHash: z.string().refine(isPasswordHash, 'must be a hash made by `bucketftp hash-password`'),
  storage: storageSchema,
  permissions: z.array(permission).default(['list', 'read', 'write', 'delete', 'rename', 'mkdir']),
  readOnly: z.boolean().default(false),
  allowFxp: z.boolean().default(false),
  partialUploads: z.enum(['discard', 'keep']).default('discard'),
  /** The quickstart user: refused unless every listener is on a loopback address. */
  demo: z.boolean().default(false),
});

export const configSchema = z
  .strictObject({
    server: z
      .strictObject({
        name: z.string().min(1).default('bucketftp'),
        listen: z.array(listenAddress).min(1).default([{ host: '127.0.0.1', port: 2121 }]),
        passive: z
          .strictObject({
            portRange: portRange.optional(),
            publicAddress: z.ipv4().optional(),
            acceptTimeoutMs: durationMs.default(30_000),
          })
          .prefault({}),
        limits: z
          .strictObject({
            maxLineLength: z.number().int().min(512).max(65536).optional(),
            idleTimeoutMs: durationMs.optional(),
            dataTimeoutMs: durationMs.optional(),
            maxConnections: z.number().int().min(1).optional(),
            maxLoginFailures: z.number().int().min(1).optional(),
            loginFailureDelayMs: durationMs.optional(),
            maxPendingCommands: z.number().int().min(1).optional(),
            connectTimeoutMs: durationMs.optional(),
          })
          .prefault({}),
        shutdownGraceMs: durationMs.default(30_000),
      })
      .prefault({}),
    logging: z
      .strictObject({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        /** Human-readable output; default: when stdout is a terminal. */
        pretty: z.boolean().optional(),
      })
      .prefault({}),
    users: z.array(user).min(1),
  })
  .superRefine((config, context) => {
    const seen = new Map<string, number>();
    config.users.forEach((entry, index) => {
      const first = seen.get(entry.username);
      if (first !== undefined) {
        context.addIssue({ code: 'custom', path: ['users', index, 'username'], message: `duplicate of users[${first}].username` });
      }
      seen.set(entry.username, index);
      if (entry.demo) {
        config.server.listen.forEach((address, listenIndex) => {
          if (!isLoopback(address.host)) {
            context.addIssue({
              code: 'custom',
              path: ['users', index, 'demo'],
              message: `the demo user may only be served on a loopback address (server.listen[${listenIndex}].host is ${address.host})`,
            });
          }
        });
      }
    });
  });

export type Config = z.output<typeof configSchema>;
export type UserConfig = Config['users'][number];
export type StorageConfig = z.output<typeof storageSchema>;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
