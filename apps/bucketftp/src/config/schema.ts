/**
 * The configuration file's schema. Every key is documented in the README's configuration reference;
 * keep the two in step. Users are validated one by one (config/users.ts), after `defaults` are known.
 */
import { z } from 'zod';
import type { SchemaContext } from './secrets.js';
import { storageDefaultsSchema } from './storage-schema.js';
import type { UserConfig } from './user-schema.js';

const port = z.number().int().min(0).max(65535);
const durationMs = z.number().int().min(0);

const listenAddress = z.strictObject({
  host: z.string().min(1),
  port,
});

const portRange = z
  .strictObject({ min: port.min(1024), max: port.min(1024) })
  .refine((range) => range.min <= range.max, { message: 'min must not exceed max', path: ['max'] });

export function configSchema(context: SchemaContext) {
  return z.strictObject({
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
    /** The operations listener: /healthz, /readyz, /metrics. */
    http: z
      .strictObject({
        enabled: z.boolean().default(true),
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(9090),
        /** How long a storage ping result is reused by /readyz. */
        readyCacheMs: durationMs.default(5_000),
        /** A storage that has not answered a ping within this long is unready. */
        pingTimeoutMs: z.number().int().min(1).default(3_000),
      })
      .prefault({}),
    defaults: storageDefaultsSchema(context),
    /** A second YAML file holding `users:`, reloaded on SIGHUP and when it changes. */
    usersFile: z.string().min(1).optional(),
    /** Checked entry by entry in config/users.ts. */
    users: z.array(z.unknown()).optional(),
  });
}

type Settings = z.output<ReturnType<typeof configSchema>>;

export type Config = Omit<Settings, 'users'> & {
  /** The users written in the configuration file itself (those of `usersFile` come on top). */
  readonly users: readonly UserConfig[];
};

export type { UserConfig } from './user-schema.js';
export type { StorageConfig } from './storage-schema.js';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
