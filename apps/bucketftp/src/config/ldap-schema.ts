/**
 * `auth.providers[]` entry of `type: ldap`: logins checked against an LDAP directory (OpenLDAP,
 * Active Directory), users made from templates chosen by group membership.
 *
 *   - type: ldap
 *     url: ldaps://dc1.corp.example.org
 *     search:                                   # or bindDn: uid={username},ou=people,dc=example,dc=org
 *       baseDn: dc=corp,dc=example,dc=org
 *       filter: (&(objectClass=user)(sAMAccountName={username}))
 *       bindDn: cn=ftp-service,ou=services,dc=corp,dc=example,dc=org
 *       bindPassword: { env: LDAP_BIND_PASSWORD }
 *     groups: { source: memberOf }
 *     mappings:
 *       - group: cn=acme-partners              # first match wins
 *         user: { storage: { driver: s3, prefix: 'partners/{username}' }, readOnly: true }
 *
 * `{username}` is the login name, escaped for where it goes (RFC 4514 in a DN, RFC 4515 in a filter).
 */
import { z } from 'zod';
import { normalizeDn } from '../auth/ldap/dn.js';
import { placeholders } from '../auth/ldap/escape.js';
import { secret, type SchemaContext } from './secrets.js';

const DEFAULT_TIMEOUT_MS = 5_000;

const ldapUrl = z
  .string()
  .regex(/^ldaps?:\/\/[^/?#\s]+\/?$/i, 'must be ldap://HOST[:PORT] or ldaps://HOST[:PORT]')
  .refine((text) => URL.canParse(text), 'must be ldap://HOST[:PORT] or ldaps://HOST[:PORT]');

const dn = z.string().refine((text) => normalizeDn(text) !== undefined, 'must be a DN such as ou=people,dc=example,dc=org');

const attributeName = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be an attribute name such as uid or sAMAccountName');

const scope = z.enum(['base', 'one', 'sub']).default('sub');

/** A template whose only placeholders are `allowed`. */
function template(allowed: readonly string[], base: z.ZodString) {
  return base.superRefine((text, issue) => {
    for (const name of placeholders(text)) {
      if (!allowed.includes(name)) issue.addIssue({ code: 'custom', message: `unknown placeholder {${name}} (known: ${allowed.map((known) => `{${known}}`).join(', ')})` });
    }
  });
}

const filter = z.string().regex(/^\(.*\)$/s, 'must be an LDAP filter in parentheses, such as (uid={username})');

const pemCertificates = z.string().refine((text) => text.includes('-----BEGIN CERTIFICATE-----'), 'must hold PEM certificates (-----BEGIN CERTIFICATE-----)');

/**
 * The user a login becomes: a user entry without `username` and `passwordHash` (storage or mounts,
 * permissions, readOnly, …), whose strings may hold `{username}` and `{attribute}` placeholders.
 * It is checked as a user at load time and at each login, once the placeholders are filled.
 */
const userTemplate = z.record(z.string(), z.unknown()).superRefine((user, issue) => {
  for (const key of ['username', 'passwordHash']) {
    if (key in user) issue.addIssue({ code: 'custom', path: [key], message: 'not allowed here: the login name is the username and the directory checks the password' });
  }
});

/** Every string in `value` with its `{name}` placeholders replaced by `fill(name)`. */
function fillStrings(value: unknown, fill: (name: string) => string): unknown {
  if (typeof value === 'string') return value.replace(/\{([A-Za-z][A-Za-z0-9_-]*)\}/g, (_match, name: string) => fill(name));
  if (Array.isArray(value)) return value.map((item) => fillStrings(item, fill));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillStrings(item, fill)]));
  return value;
}

/**
 * The placeholders of a template: `{username}` and the `attributes`. The template is checked as a
 * user at load time (config/ldap-templates.ts), where `defaults` and `auth.userTemplate` are known.
 */
function checkPlaceholders(template: Record<string, unknown>, known: readonly string[], path: PropertyKey[], issue: z.core.$RefinementCtx): void {
  const unknown = new Set<string>();
  fillStrings(template, (name) => {
    if (!known.includes(name)) unknown.add(name);
    return name;
  });
  for (const name of unknown) issue.addIssue({ code: 'custom', path, message: `unknown placeholder {${name}} (known: {username} and the attributes: ${known.filter((item) => item !== 'username').join(', ') || 'none'})` });
}

export function ldapProviderSchema(context: SchemaContext) {
  return z
    .strictObject({
      type: z.literal('ldap'),
      /** Names the provider in logs and metrics (same rule as every provider's name). */
      name: z
        .string()
        .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'must be lowercase letters, digits, "-" or "_" (up to 40), starting with a letter')
        .default('ldap'),
      url: ldapUrl,
      /** Upgrade an ldap:// connection with StartTLS (RFC 4511 §4.14) before any bind. */
      startTls: z.boolean().default(false),
      /** PEM CA certificates trusted for ldaps:// and StartTLS; default: the system's. */
      ca: secret(context, pemCertificates).optional(),
      /** Longest time one login may spend on the directory (connect, TLS, binds, searches). */
      timeoutMs: z.number().int().min(100).max(120_000).default(DEFAULT_TIMEOUT_MS),
      /** Simple bind as this DN: `uid={username},ou=people,dc=example,dc=org`. Exclusive with `search`. */
      bindDn: template(['username'], z.string().min(1)).optional(),
      /** Search-then-bind: a service account finds the user's entry, then the user binds as it. */
      search: z
        .strictObject({
          baseDn: dn,
          filter: template(['username'], filter).default('(&(objectClass=person)(uid={username}))'),
          scope,
          bindDn: dn,
          bindPassword: secret(context, z.string().min(1)),
        })
        .optional(),
      /** Attributes of the user's entry handed to the user template as `{name}` (first value). */
      attributes: z.array(attributeName).default([]),
      /** Where group membership comes from: the entry's memberOf, or a search for groups. */
      groups: z
        .discriminatedUnion('source', [
          z.strictObject({ source: z.literal('memberOf'), attribute: attributeName.default('memberOf') }),
          z.strictObject({
            source: z.literal('search'),
            baseDn: dn,
            /** `{dn}` is the user's DN, `{username}` the login name. */
            filter: template(['username', 'dn'], filter).default('(&(objectClass=groupOfNames)(member={dn}))'),
            scope,
          }),
        ])
        .optional(),
      /** Group → user template, in order: the first group the user is a member of wins. */
      mappings: z
        .array(
          z.strictObject({
            /** A group DN, its first RDN (`cn=acme-partners`) or that RDN's value (`acme-partners`). */
            group: z.string().min(1),
            user: userTemplate,
          }),
        )
        .default([]),
      /** The user of a login no mapping matched; without it such a login is refused. */
      defaultUser: userTemplate.optional(),
    })
    .superRefine((provider, issue) => {
      if (provider.bindDn === undefined && provider.search === undefined) {
        issue.addIssue({ code: 'custom', path: ['bindDn'], message: 'give bindDn (a DN template) or search (search-then-bind)' });
      }
      if (provider.bindDn !== undefined && provider.search !== undefined) {
        issue.addIssue({ code: 'custom', path: ['search'], message: 'give either bindDn or search, not both' });
      }
      if (provider.startTls && provider.url.toLowerCase().startsWith('ldaps:')) {
        issue.addIssue({ code: 'custom', path: ['startTls'], message: 'ldaps:// is TLS already; StartTLS is for ldap:// URLs' });
      }
      if (provider.mappings.length > 0 && !provider.groups) {
        issue.addIssue({ code: 'custom', path: ['groups'], message: 'mappings need groups (source: memberOf or search)' });
      }
      if (provider.mappings.length === 0 && !provider.defaultUser) {
        issue.addIssue({ code: 'custom', path: ['mappings'], message: 'give mappings or a defaultUser, or nobody can log in' });
      }
      const known = ['username', ...provider.attributes];
      provider.mappings.forEach((mapping, index) => {
        if (mapping.group.includes('=') && normalizeDn(mapping.group) === undefined) {
          issue.addIssue({ code: 'custom', path: ['mappings', index, 'group'], message: 'must be a group DN, its first RDN (cn=NAME) or NAME' });
        }
        checkPlaceholders(mapping.user, known, ['mappings', index, 'user'], issue);
      });
      if (provider.defaultUser) checkPlaceholders(provider.defaultUser, known, ['defaultUser'], issue);
    });
}

export type LdapProviderConfig = z.output<ReturnType<typeof ldapProviderSchema>>;
