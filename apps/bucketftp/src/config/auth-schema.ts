/**
 * `auth:` — where identities come from. `providers` are asked in order (the first that knows the
 * user decides; one that is down refuses the login with 421). `userTemplate` is merged under what an
 * external provider returns, so that one entry such as `storage: { driver: s3, prefix: customers/{username} }`
 * serves every user a hook or a directory knows. Each provider type is one entry of
 * `providerSchemas()` here and one entry of `PROVIDER_FACTORIES` (auth/providers.ts).
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { ldapProviderSchema } from './ldap-schema.js';
import { secret, type SchemaContext } from './secrets.js';

const providerName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lowercase letters, digits, "-" or "_" (up to 40), starting with a letter');

/** `type: config` — the users of the configuration file and `usersFile` (the default). */
function configProviderSchema() {
  return z.strictObject({
    type: z.literal('config'),
    name: providerName.default('config'),
  });
}

/** `type: http` — a JSON POST to a web service that checks the password (examples/http-hook). */
function httpProviderSchema(context: SchemaContext) {
  return z
    .strictObject({
      type: z.literal('http'),
      name: providerName.default('http'),
      url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
      /** A reply not complete within this long makes the provider unavailable for this login (421). */
      timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
      /** PEM file of the CA(s) the hook's certificate is checked against, instead of the system's. */
      caFile: z
        .string()
        .min(1)
        .transform((path) => resolve(context.baseDir, path))
        .optional(),
      /** Sent as `Authorization: Bearer …`. */
      bearerToken: secret(context, z.string().min(16, 'must be at least 16 characters')).optional(),
      /** Signs each request: `X-Bucketftp-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))`. */
      hmacSecret: secret(context, z.string().min(16, 'must be at least 16 characters')).optional(),
      /** Accepted logins are reused this long without asking the hook again; 0 = ask every time. */
      cacheTtlMs: z.number().int().min(0).max(86_400_000).default(60_000),
      cacheMaxEntries: z.number().int().min(1).default(10_000),
    })
    .superRefine((provider, issue) => {
      if ((provider.bearerToken === undefined) === (provider.hmacSecret === undefined)) {
        issue.addIssue({ code: 'custom', path: ['bearerToken'], message: 'give either bearerToken or hmacSecret' });
      }
    });
}

/** One entry per provider type; `type` is the discriminator. */
function providerSchemas(context: SchemaContext) {
  return [configProviderSchema(), httpProviderSchema(context), ldapProviderSchema(context)] as const;
}

export function providerSchema(context: SchemaContext) {
  return z.discriminatedUnion('type', providerSchemas(context));
}

export type ProviderConfig = z.output<ReturnType<typeof providerSchema>>;
export type ProviderType = ProviderConfig['type'];

export function authSchema(context: SchemaContext) {
  return z
    .strictObject({
      providers: z
        .array(providerSchema(context))
        .min(1)
        .default(() => [{ type: 'config' as const, name: 'config' }])
        .superRefine((providers, issue) => {
          const seen = new Map<string, number>();
          providers.forEach((provider, index) => {
            const first = seen.get(provider.name);
            if (first !== undefined) issue.addIssue({ code: 'custom', path: [index, 'name'], message: `${provider.name} is already the name of providers[${first}]` });
            seen.set(provider.name, index);
          });
        }),
      /**
       * Merged under each external user (the provider's own keys win), then `{username}` and the
       * provider's attributes are substituted; checked against the user schema at load time.
       */
      userTemplate: z.record(z.string(), z.unknown()).optional(),
    })
    .prefault({});
}

export type AuthConfig = z.output<ReturnType<typeof authSchema>>;
