/**
 * The `ldap` auth provider: checks a login against an LDAP directory and picks the user template of
 * the first mapping whose group the user is a member of.
 *
 * - `bindDn` mode binds as the templated DN; `search` mode has a service account find the entry
 *   first (no entry: `unknown`, so the next provider is asked) and then binds as that entry.
 * - The service account's connection is kept and shared by concurrent logins; each user bind has a
 *   short connection of its own, closed after the login, so no user's identity lingers on a socket.
 * - A connection is never re-opened behind our back (ldapts would, in clear and unbound): each
 *   client may connect once; a lost service connection is replaced by a new, bound one.
 * - Everything one login does on the directory shares one deadline (`timeoutMs`): a server that is
 *   down, paused or stuck in a TLS handshake makes the login `unavailable` (fail closed).
 * - Passwords are never logged; an empty one is refused without asking the server, which would
 *   take it for an unauthenticated bind and succeed (RFC 4513 §5.1.2).
 */
import type { Logger } from '@bucketftp/server';
import { Client, InvalidCredentialsError, ResultCodeError, type Entry } from 'ldapts';
import { isIP, connect as netConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { LdapProviderConfig } from '../../config/ldap-schema.js';
import type { AuthOutcome, AuthProvider, AuthRequest } from '../provider.js';
import { isClientTimeout } from './client-timeout.js';
import { groupMatches } from './dn.js';
import { escapeDnValue, escapeFilterValue, fillTemplate } from './escape.js';

export interface LdapProviderDeps {
  /** Already bound to `{ provider: name }`. */
  readonly log: Logger;
}

/** RFC 4512 §4.1.1: the root DSE, read by `check()` to see the server answer. */
const ROOT_DSE = '';
/** RFC 4511 §4.5.1.8: asks for no attributes. */
const NO_ATTRIBUTES = '1.1';

/**
 * After the directory refused the service account's password, binds are not tried again for this
 * long: each failed bind counts towards the account's lockout (Active Directory), and a wrong
 * password stays wrong until the configuration changes.
 */
const SERVICE_REFUSAL_HOLD_MS = 30_000;

class UserNotFound extends Error {}

export function createLdapProvider(config: LdapProviderConfig, deps: LdapProviderDeps): AuthProvider {
  return new LdapProvider(config, deps.log);
}

class LdapProvider implements AuthProvider {
  readonly type = 'ldap';
  readonly name: string;
  private readonly host: string;
  private readonly secureUrl: boolean;
  private service: Promise<Client> | undefined;
  private serviceConnection: Client | undefined;
  private serviceRefusedUntil = 0;
  private closed = false;

  constructor(
    private readonly config: LdapProviderConfig,
    private readonly log: Logger,
  ) {
    this.name = config.name;
    const url = new URL(config.url);
    this.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.secureUrl = url.protocol === 'ldaps:';
  }

  async authenticate(request: AuthRequest, signal: AbortSignal): Promise<AuthOutcome> {
    if (this.closed) return { kind: 'unavailable', reason: 'the provider is closed' };
    if (request.password === '') return { kind: 'rejected', reason: 'empty password' };
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(this.config.timeoutMs)]);
    const opened: Client[] = [];
    try {
      return await untilAborted(this.login(request, deadline, opened), deadline);
    } catch (error) {
      if (error instanceof UserNotFound) return { kind: 'unknown' };
      const reason = this.describe(error, deadline);
      this.log.warn({ user: request.username, reason }, 'ldap login could not be checked');
      // A connection that failed or timed out may be stuck; an answer such as a refusal is not.
      if (!(error instanceof ResultCodeError)) this.dropService();
      return { kind: 'unavailable', reason };
    } finally {
      for (const client of opened) closeQuietly(client);
    }
  }

  async check(signal: AbortSignal): Promise<boolean> {
    if (this.closed) return false;
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(this.config.timeoutMs)]);
    const opened: Client[] = [];
    try {
      await untilAborted(this.probe(deadline, opened), deadline);
      return true;
    } catch (error) {
      this.log.warn({ reason: this.describe(error, deadline) }, 'ldap directory not ready');
      this.dropService();
      return false;
    } finally {
      for (const client of opened) closeQuietly(client);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const service = this.service;
    this.service = undefined;
    const client = await service?.catch(() => undefined);
    if (client) await client.unbind().catch(() => undefined);
  }

  private async login(request: AuthRequest, signal: AbortSignal, opened: Client[]): Promise<AuthOutcome> {
    const search = this.config.search;
    let userDn: string;
    let entry: Entry | undefined;
    if (search) {
      const filter = fillTemplate(search.filter, { username: request.username }, escapeFilterValue);
      const found = await this.withService(signal, (service) => service.search(search.baseDn, { scope: search.scope, filter, attributes: this.entryAttributes(), sizeLimit: 2 }));
      if (found.searchEntries.length === 0) throw new UserNotFound();
      if (found.searchEntries.length > 1) throw new Error(`the search for the user found ${found.searchEntries.length} entries`);
      entry = found.searchEntries[0];
      userDn = entry?.dn ?? '';
    } else {
      userDn = fillTemplate(this.config.bindDn ?? '', { username: request.username }, escapeDnValue);
    }

    const user = await this.connect(opened);
    signal.throwIfAborted();
    try {
      await user.bind(userDn, request.password);
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) throw error;
      // Active Directory tells an unknown account (data 525) from a wrong password (data 52e).
      if (!search && /\bdata 525\b/.test(error.message)) throw new UserNotFound();
      return { kind: 'rejected', reason: 'invalid credentials' };
    }
    signal.throwIfAborted();

    if (!entry && this.entryAttributes().length > 0) {
      const read = await user.search(userDn, { scope: 'base', filter: '(objectClass=*)', attributes: this.entryAttributes() });
      entry = read.searchEntries[0];
    }
    const groups = search ? await this.withService(signal, (service) => this.groupsOf(request.username, userDn, entry, service)) : await this.groupsOf(request.username, userDn, entry, user);
    return this.outcome(request.username, userDn, entry, groups);
  }

  private async probe(signal: AbortSignal, opened: Client[]): Promise<void> {
    const readRoot = async (client: Client): Promise<void> => {
      try {
        await client.search(ROOT_DSE, { scope: 'base', filter: '(objectClass=*)', attributes: [NO_ATTRIBUTES] });
      } catch (error) {
        if (!(error instanceof ResultCodeError)) throw error; // an answer, even a refusal, is a server that is up
      }
    };
    if (this.config.search) await this.withService(signal, readRoot);
    else await readRoot(await this.connect(opened));
  }

  /**
   * `work` on the service connection. A kept connection the server closed meanwhile (idle timeout,
   * restart) may fail before we learn it is gone: `work` is then tried once more on a new one.
   */
  private async withService<T>(signal: AbortSignal, work: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.serviceClient();
    signal.throwIfAborted();
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof ResultCodeError || signal.aborted || client.isConnected) throw error;
      this.dropService(client);
      const fresh = await this.serviceClient();
      signal.throwIfAborted();
      return await work(fresh);
    }
  }

  private outcome(username: string, userDn: string, entry: Entry | undefined, groups: readonly string[]): AuthOutcome {
    const mapping = this.config.mappings.find((candidate) => groups.some((group) => groupMatches(candidate.group, group)));
    const template = mapping?.user ?? this.config.defaultUser;
    if (!template) {
      const reason = `no mapping matches the groups of ${userDn}`;
      this.log.warn({ user: username, dn: userDn, groups: groups.length }, 'ldap login refused: no mapping matches the user’s groups and there is no defaultUser');
      return { kind: 'rejected', reason };
    }
    const attributes: Record<string, string> = {};
    for (const name of this.config.attributes) {
      const value = entry ? firstValue(entry, name) : undefined;
      if (value !== undefined) attributes[name] = value;
    }
    return { kind: 'accepted', user: { username, ...structuredClone(template) }, attributes };
  }

  private async groupsOf(username: string, userDn: string, entry: Entry | undefined, client: Client): Promise<string[]> {
    const groups = this.config.groups;
    if (!groups) return [];
    if (groups.source === 'memberOf') return entry ? allValues(entry, groups.attribute) : [];
    const filter = fillTemplate(groups.filter, { username, dn: userDn }, escapeFilterValue);
    const found = await client.search(groups.baseDn, { scope: groups.scope, filter, attributes: [NO_ATTRIBUTES] });
    return found.searchEntries.map((group) => group.dn);
  }

  /** What is read from the user's entry: the template attributes, and memberOf when groups come from it. */
  private entryAttributes(): string[] {
    const groups = this.config.groups;
    return [...this.config.attributes, ...(groups?.source === 'memberOf' ? [groups.attribute] : [])];
  }

  /** The service account's connection, opened and bound when there is none or it was lost. */
  private async serviceClient(): Promise<Client> {
    const current = this.service;
    if (current) {
      const client = await current.catch(() => undefined);
      if (client?.isBound) return client;
      if (this.service === current) this.dropService();
    }
    if (!this.service) {
      const opening = this.openService();
      this.service = opening;
      opening.catch(() => {
        if (this.service === opening) this.service = undefined;
      });
    }
    return await this.service;
  }

  private async openService(): Promise<Client> {
    const search = this.config.search;
    if (!search) throw new Error('no service account is configured');
    const refusal = 'the service account’s bind was refused (invalid credentials)';
    if (Date.now() < this.serviceRefusedUntil) throw new Error(`${refusal}; not tried again for ${SERVICE_REFUSAL_HOLD_MS / 1000} s`);
    const opened: Client[] = [];
    try {
      const client = await this.connect(opened);
      try {
        await client.bind(search.bindDn, search.bindPassword);
      } catch (error) {
        if (error instanceof InvalidCredentialsError) {
          this.serviceRefusedUntil = Date.now() + SERVICE_REFUSAL_HOLD_MS;
          throw new Error(refusal);
        }
        throw error;
      }
      this.serviceConnection = client;
      return client;
    } catch (error) {
      for (const client of opened) closeQuietly(client);
      throw error;
    }
  }

  /** Forgets the kept service connection (when given a client: only if that is the kept one) and closes it. */
  private dropService(client?: Client): void {
    if (client !== undefined && client !== this.serviceConnection) {
      closeQuietly(client);
      return;
    }
    const service = this.service;
    this.service = undefined;
    this.serviceConnection = undefined;
    void service?.then(closeQuietly, () => undefined);
  }

  /** A new connection, upgraded with StartTLS when configured; added to `opened` at once so that it is closed whatever happens next. */
  private async connect(opened: Client[]): Promise<Client> {
    const ca = this.config.ca;
    const client = new Client({
      url: this.config.url,
      timeout: this.config.timeoutMs,
      connectTimeout: this.config.timeoutMs,
      // ldapts treats any tlsOptions as "connect with TLS": only for ldaps://.
      ...(this.secureUrl && ca !== undefined ? { tlsOptions: { ca } } : {}),
      createConnection: connectOnce(netConnect),
      createSecureConnection: connectOnce(tlsConnect),
    });
    opened.push(client);
    if (this.config.startTls) {
      const options: ConnectionOptions = { host: this.host, ...(isIP(this.host) === 0 ? { servername: this.host } : {}) };
      if (ca !== undefined) options.ca = ca;
      await client.startTLS(options);
    }
    return client;
  }

  private describe(error: unknown, deadline: AbortSignal): string {
    const timedOut = `the directory did not answer within ${this.config.timeoutMs} ms`;
    if (deadline.aborted) {
      const reason: unknown = deadline.reason;
      if (reason instanceof Error && reason.name === 'TimeoutError') return timedOut;
      return 'the login was abandoned';
    }
    // ldapts times its messages and connections on the same timeoutMs: the same answer, whichever timer fired first.
    if (isClientTimeout(error)) return timedOut;
    if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
    return String(error);
  }
}

/** A connect function that works once: ldapts would otherwise reconnect a lost socket silently, without TLS or bind. */
function connectOnce<F extends (...args: never[]) => unknown>(connect: F): F {
  let used = false;
  return ((...args: Parameters<F>) => {
    if (used) throw new Error('the connection to the directory was lost');
    used = true;
    return connect(...args);
  }) as F;
}

function closeQuietly(client: Client): void {
  client.unbind().catch(() => undefined);
}

function allValues(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.map((item) => (typeof item === 'string' ? item : item.toString('utf8')));
}

function firstValue(entry: Entry, attribute: string): string | undefined {
  return allValues(entry, attribute)[0];
}

/** `work`, or the signal's reason once it aborts (whichever comes first). */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
