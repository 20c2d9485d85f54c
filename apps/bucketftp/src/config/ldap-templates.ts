/**
 * The user templates of `ldap` providers, checked at load time the way each login's user will be
 * (config/users.ts `validateExternalUser`): `auth.userTemplate` under the template, `defaults`
 * applied, placeholders filled with sample values. A typo then stops the start-up instead of
 * refusing every login of the group.
 */
import type { AuthConfig } from './auth-schema.js';
import type { SchemaContext } from './secrets.js';
import type { StorageDefaults } from './storage-schema.js';
import { validateExternalUser, type Problem } from './users.js';

const SAMPLE = 'sample';

export function ldapTemplateProblems(auth: AuthConfig, defaults: StorageDefaults, context: SchemaContext): Problem[] {
  const problems: Problem[] = [];
  auth.providers.forEach((provider, index) => {
    if (provider.type !== 'ldap') return;
    const attributes = Object.fromEntries(provider.attributes.map((name) => [name, SAMPLE]));
    const check = (user: Readonly<Record<string, unknown>>, path: readonly PropertyKey[]): void => {
      const result = validateExternalUser({ username: SAMPLE, user, attributes, template: auth.userTemplate }, context, defaults);
      if (!result.ok) for (const problem of result.problems) problems.push({ path: [...path, ...problem.path], message: problem.message });
    };
    const at = ['auth', 'providers', index];
    provider.mappings.forEach((mapping, mappingIndex) => check(mapping.user, [...at, 'mappings', mappingIndex, 'user']));
    if (provider.defaultUser) check(provider.defaultUser, [...at, 'defaultUser']);
  });
  return problems;
}
