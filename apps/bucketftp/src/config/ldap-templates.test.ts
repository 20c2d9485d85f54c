import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load.js';

function yaml(provider: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    defaults: { s3: { bucket: 'shared-bucket' } },
    auth: {
      providers: [
        {
          type: 'ldap',
          url: 'ldap://ldap.example.org',
          bindDn: 'uid={username},ou=people,dc=example,dc=org',
          attributes: ['uid'],
          groups: { source: 'memberOf' },
          ...provider,
        },
      ],
    },
    ...extra,
  });
}

function problems(text: string): string[] {
  try {
    parseConfig(text, '/etc/bucketftp/config.yaml', { env: {} });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('ldap user templates at load time', () => {
  it('accepts templates that defaults and auth.userTemplate complete', () => {
    expect(problems(yaml({ mappings: [{ group: 'staff', user: { storage: { driver: 's3', prefix: 'staff/{uid}' } } }] }))).toEqual([]);
    const readOnly = yaml({ mappings: [{ group: 'staff', user: { readOnly: true } }] }, {});
    expect(problems(readOnly)).toEqual(['auth.providers[0].mappings[0].user.storage: required (or mounts)']);
    const withTemplate = JSON.parse(readOnly) as { auth: Record<string, unknown> };
    withTemplate.auth.userTemplate = { storage: { driver: 's3', prefix: 'people/{username}' } };
    expect(problems(JSON.stringify(withTemplate))).toEqual([]);
  });

  it('reports a template that no login could use, at its path', () => {
    expect(problems(yaml({ mappings: [{ group: 'staff', user: { storage: { driver: 's3', prefix: 'x' }, readonly: true } }] }))).toEqual([
      'auth.providers[0].mappings[0].user: Unrecognized key: "readonly"',
    ]);
    expect(problems(yaml({ mappings: [], defaultUser: { storage: { driver: 'gcs', prefix: 'guests/{username}' } } }))).toEqual(['auth.providers[0].defaultUser.storage.bucket: required']);
  });
});

describe('the README’s Active Directory example', () => {
  it('is a complete, valid configuration', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8');
    const start = readme.indexOf('**`type: ldap`** — LDAP and Active Directory');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start);
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    if (!example) throw new Error('no YAML example in the README section');
    const config = parseConfig(example, '/etc/bucketftp/config.yaml', { env: { LDAP_BIND_PASSWORD: 'example' } });
    const [provider] = config.auth.providers;
    expect(provider).toMatchObject({ type: 'ldap', url: 'ldaps://dc1.corp.example.com', groups: { source: 'memberOf' } });
  });
});
