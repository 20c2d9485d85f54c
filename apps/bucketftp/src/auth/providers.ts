/**
 * Provider type → how to create it from its `auth.providers` entry. Adding a type is one entry here
 * and one schema in config/auth-schema.ts; the compiler checks the two agree.
 */
import type { Logger } from '@bucketftp/server';
import type { ProviderConfig, ProviderType } from '../config/auth-schema.js';
import { ConfigProvider } from './config-provider.js';
import { HttpProvider } from './http-provider.js';
import type { AuthProvider } from './provider.js';
import type { UserDirectory } from './user-directory.js';

export interface ProviderDeps {
  /** Already bound to `{ provider: name }`. */
  readonly log: Logger;
  /** The configured users (config and usersFile). */
  readonly users: UserDirectory;
}

type Factory<T extends ProviderType> = (config: Extract<ProviderConfig, { type: T }>, deps: ProviderDeps) => AuthProvider | Promise<AuthProvider>;

export const PROVIDER_FACTORIES: { readonly [T in ProviderType]: Factory<T> } = {
  config: (config, deps) => new ConfigProvider(config.name, deps.users),
  http: (config, deps) => new HttpProvider(config, deps.log),
  // Loaded only when configured: the LDAP client is a dependency most servers never use.
  ldap: async (config, deps) => (await import('./ldap/ldap-provider.js')).createLdapProvider(config, deps),
};

/** Creates the providers in order; on a failure, closes those created so far and throws. */
export async function createProviders(configs: readonly ProviderConfig[], deps: ProviderDeps): Promise<AuthProvider[]> {
  const created: AuthProvider[] = [];
  try {
    for (const config of configs) {
      created.push(await createProvider(config, { ...deps, log: deps.log.child({ provider: config.name }) }));
    }
  } catch (error) {
    await Promise.allSettled(created.map(async (provider) => await provider.close?.()));
    throw error;
  }
  return created;
}

function createProvider<T extends ProviderType>(config: Extract<ProviderConfig, { type: T }>, deps: ProviderDeps): AuthProvider | Promise<AuthProvider> {
  const factory: Factory<T> = PROVIDER_FACTORIES[config.type];
  return factory(config, deps);
}
