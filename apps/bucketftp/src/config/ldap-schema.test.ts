import { describe, expect, it } from 'vitest';
import { authSchema } from './auth-schema.js';
import { ldapProviderSchema } from './ldap-schema.js';

const context = { baseDir: '/etc/bucketftp', env: { LDAP_PASSWORD: 'from-env' } };
const schema = ldapProviderSchema(context);

const minimal = {
  type: 'ldap',
  url: 'ldap://ldap.example.org',
  bindDn: 'uid={username},ou=people,dc=example,dc=org',
  groups: { source: 'memberOf' },
  mappings: [{ group: 'cn=acme-partners', user: { storage: { driver: 's3', bucket: 'files', prefix: 'partners/{username}' }, readOnly: true } }],
};

function problems(raw: unknown): string[] {
  const result = schema.safeParse(raw);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('ldap provider schema', () => {
  it('fills the defaults', () => {
    expect(schema.parse(minimal)).toMatchObject({ name: 'ldap', startTls: false, timeoutMs: 5_000, attributes: [], groups: { source: 'memberOf', attribute: 'memberOf' } });
  });

  it('takes a search with a service account whose password is a secret', () => {
    const parsed = schema.parse({
      ...minimal,
      bindDn: undefined,
      search: { baseDn: 'dc=example,dc=org', bindDn: 'cn=svc,dc=example,dc=org', bindPassword: { env: 'LDAP_PASSWORD' } },
    });
    expect(parsed.search).toEqual({ baseDn: 'dc=example,dc=org', filter: '(&(objectClass=person)(uid={username}))', scope: 'sub', bindDn: 'cn=svc,dc=example,dc=org', bindPassword: 'from-env' });
  });

  it('wants exactly one of bindDn and search', () => {
    expect(problems({ ...minimal, bindDn: undefined })).toEqual(['bindDn: give bindDn (a DN template) or search (search-then-bind)']);
    expect(problems({ ...minimal, search: { baseDn: 'dc=x', bindDn: 'cn=svc,dc=x', bindPassword: 'p' } })).toEqual(['search: give either bindDn or search, not both']);
  });

  it('refuses unknown placeholders, bad URLs, bad DNs and filters', () => {
    expect(problems({ ...minimal, bindDn: 'uid={user},dc=x' })).toEqual(['bindDn: unknown placeholder {user} (known: {username})']);
    expect(problems({ ...minimal, url: 'http://ldap.example.org' })).toEqual(['url: must be ldap://HOST[:PORT] or ldaps://HOST[:PORT]']);
    expect(problems({ ...minimal, url: 'ldap://ldap.example.org/dc=x?uid' })).toHaveLength(1);
    expect(problems({ ...minimal, groups: { source: 'search', baseDn: 'groups', filter: 'member={dn}' } })).toEqual([
      'groups.baseDn: must be a DN such as ou=people,dc=example,dc=org',
      'groups.filter: must be an LDAP filter in parentheses, such as (uid={username})',
    ]);
    expect(problems({ ...minimal, groups: { source: 'search', baseDn: 'dc=x', filter: '(member={member})' } })).toEqual(['groups.filter: unknown placeholder {member} (known: {username}, {dn})']);
  });

  it('refuses StartTLS on ldaps://, mappings without groups, and no way to log in', () => {
    expect(problems({ ...minimal, url: 'ldaps://ldap.example.org:636', startTls: true })).toEqual(['startTls: ldaps:// is TLS already; StartTLS is for ldap:// URLs']);
    expect(problems({ ...minimal, groups: undefined })).toEqual(['groups: mappings need groups (source: memberOf or search)']);
    expect(problems({ ...minimal, mappings: [] })).toEqual(['mappings: give mappings or a defaultUser, or nobody can log in']);
    expect(problems({ ...minimal, mappings: [], defaultUser: { storage: { driver: 's3', bucket: 'files' } } })).toEqual([]);
  });

  it('refuses a username or passwordHash in a user template', () => {
    expect(problems({ ...minimal, defaultUser: { username: 'x', passwordHash: 'y', storage: { driver: 's3', bucket: 'files' } } })).toEqual(
      expect.arrayContaining([
        'defaultUser.username: not allowed here: the login name is the username and the directory checks the password',
        'defaultUser.passwordHash: not allowed here: the login name is the username and the directory checks the password',
      ]),
    );
  });

  it('checks the placeholders of each user template', () => {
    const mapping = (user: Record<string, unknown>) => ({ ...minimal, mappings: [{ group: 'staff', user }] });
    expect(problems(mapping({ storage: { driver: 's3', bucket: 'files', prefix: 'staff/{uid}' } }))).toEqual([
      'mappings.0.user: unknown placeholder {uid} (known: {username} and the attributes: none)',
    ]);
    expect(problems({ ...mapping({ storage: { driver: 's3', bucket: 'files', prefix: 'staff/{uid}' } }), attributes: ['uid'] })).toEqual([]);
  });

  it('is a type of auth.providers', () => {
    const auth = authSchema(context).parse({ providers: [{ ...minimal, name: 'corp' }, { type: 'config' }] });
    expect(auth.providers.map((provider) => `${provider.type}:${provider.name}`)).toEqual(['ldap:corp', 'config:config']);
    expect(authSchema(context).safeParse({ providers: [{ ...minimal, name: 'Corp LDAP' }] }).success).toBe(false);
  });
});
