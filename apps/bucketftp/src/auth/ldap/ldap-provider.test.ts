import type { Logger } from '@bucketftp/server';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ldapProviderSchema, type LdapProviderConfig } from '../../config/ldap-schema.js';
import type { AuthOutcome, AuthProvider, AuthRequest } from '../provider.js';
import { createProviders } from '../providers.js';
import { UserDirectory } from '../user-directory.js';
import { createLdapProvider } from './ldap-provider.js';
import { directoryLdif, startSlapd, SUFFIX, type SlapdServer } from './slapd.fixture.js';

const PASSWORDS = { alice: 'alice-pw-9f2', bob: 'bob-pw-41c', carol: 'carol-pw-7e0', obrien: 'obrien-pw-3aa', service: 'service-pw-d81' };
const SERVICE_DN = `cn=ftp-service,ou=services,${SUFFIX}`;
const PEOPLE = `ou=people,${SUFFIX}`;

const PARTNER = { storage: { driver: 's3', bucket: 'acme-files', prefix: 'partners/{username}' }, readOnly: true };
const STAFF = { storage: { driver: 's3', bucket: 'acme-files', prefix: 'staff/{uid}' } };

let slapd: SlapdServer;
const logged: unknown[] = [];

beforeAll(async () => {
  slapd = await startSlapd(
    directoryLdif({
      services: [{ cn: 'ftp-service', password: PASSWORDS.service }],
      people: [
        { uid: 'alice', password: PASSWORDS.alice, mail: 'alice@example.org' },
        { uid: 'bob', password: PASSWORDS.bob },
        { uid: 'carol', password: PASSWORDS.carol },
        { uid: "o'brien, #1+", password: PASSWORDS.obrien },
      ],
      groups: [
        { cn: 'acme-partners', members: ['alice', "o'brien, #1+"] },
        { cn: 'staff', members: ['alice', 'bob'] },
      ],
    }),
  );
});

afterAll(async () => {
  await slapd?.stop();
  // Passwords never reach the logs, whatever happened in the tests above.
  const text = JSON.stringify(logged);
  for (const password of Object.values(PASSWORDS)) expect(text).not.toContain(password);
});

function capturingLogger(): Logger {
  const log = (level: string) => (...args: unknown[]) => void logged.push({ level, args });
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

function parse(raw: Record<string, unknown>): LdapProviderConfig {
  return ldapProviderSchema({ baseDir: '/', env: {} }).parse({ type: 'ldap', timeoutMs: 2_000, ...raw });
}

const opened: AuthProvider[] = [];
afterAll(async () => {
  await Promise.all(opened.map(async (provider) => await provider.close?.()));
});

function provider(raw: Record<string, unknown>): AuthProvider {
  const created = createLdapProvider(parse(raw), { log: capturingLogger() });
  opened.push(created);
  return created;
}

function request(username: string, password: string): AuthRequest {
  return { username, password, clientAddress: '127.0.0.1', serverAddress: '127.0.0.1', tls: false, protocol: 'ftp' };
}

async function login(auth: AuthProvider, username: string, password: string, signal = AbortSignal.timeout(10_000)): Promise<AuthOutcome> {
  return await auth.authenticate(request(username, password), signal);
}

const byTemplate = () => ({
  url: slapd.url,
  bindDn: `uid={username},${PEOPLE}`,
  attributes: ['mail', 'uid'],
  groups: { source: 'memberOf' },
  mappings: [
    { group: 'cn=acme-partners', user: PARTNER },
    { group: `cn=staff,ou=groups,${SUFFIX}`, user: STAFF },
  ],
});

const bySearch = (overrides: Record<string, unknown> = {}) => ({
  url: slapd.url,
  search: { baseDn: PEOPLE, filter: '(&(objectClass=inetOrgPerson)(uid={username}))', bindDn: SERVICE_DN, bindPassword: PASSWORDS.service },
  attributes: ['uid'],
  groups: { source: 'memberOf' },
  mappings: [
    { group: 'acme-partners', user: PARTNER },
    { group: 'staff', user: STAFF },
  ],
  ...overrides,
});

describe('registration', () => {
  it('is created from an auth.providers entry of type ldap', async () => {
    const users = new UserDirectory(() => Promise.reject(new Error('no storage in this test')));
    const [created] = await createProviders([parse({ ...bySearch(), name: 'corp' })], { log: capturingLogger(), users });
    if (!created) throw new Error('no provider');
    opened.push(created);
    expect([created.type, created.name]).toEqual(['ldap', 'corp']);
    expect(await login(created, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'accepted', user: PARTNER });
  });
});

describe('bind by DN template', () => {
  it('accepts the password and maps the first matching group to its user template', async () => {
    const outcome = await login(provider(byTemplate()), 'alice', PASSWORDS.alice);
    expect(outcome).toEqual({
      kind: 'accepted',
      user: { username: 'alice', ...PARTNER },
      attributes: { mail: 'alice@example.org', uid: 'alice' },
    });
  });

  it('maps a member of the second group only to the second template', async () => {
    const outcome = await login(provider(byTemplate()), 'bob', PASSWORDS.bob);
    expect(outcome).toEqual({ kind: 'accepted', user: { username: 'bob', ...STAFF }, attributes: { uid: 'bob' } });
  });

  it('rejects a wrong password', async () => {
    expect(await login(provider(byTemplate()), 'alice', 'wrong')).toEqual({ kind: 'rejected', reason: 'invalid credentials' });
  });

  it('refuses an empty password without an (anonymous) bind', async () => {
    expect(await login(provider(byTemplate()), 'alice', '')).toEqual({ kind: 'rejected', reason: 'empty password' });
  });

  it('escapes DN special characters of the login name (RFC 4514)', async () => {
    const auth = provider(byTemplate());
    expect(await login(auth, "o'brien, #1+", PASSWORDS.obrien)).toMatchObject({ kind: 'accepted', user: { username: "o'brien, #1+", ...PARTNER } });
    // A login name that tries to become DN syntax binds as no entry at all.
    expect(await login(auth, `alice,${PEOPLE}`, PASSWORDS.alice)).toMatchObject({ kind: 'rejected' });
    expect(await login(auth, 'alice+cn=alice', PASSWORDS.alice)).toMatchObject({ kind: 'rejected' });
  });
});

describe('search then bind', () => {
  it('finds the entry with the service account, binds as it, and maps its groups', async () => {
    const auth = provider(bySearch());
    expect(await login(auth, 'alice', PASSWORDS.alice)).toEqual({ kind: 'accepted', user: { username: 'alice', ...PARTNER }, attributes: { uid: 'alice' } });
    expect(await login(auth, 'bob', PASSWORDS.bob)).toEqual({ kind: 'accepted', user: { username: 'bob', ...STAFF }, attributes: { uid: 'bob' } });
  });

  it('answers unknown for a user the directory does not have, and rejected for a wrong password', async () => {
    const auth = provider(bySearch());
    expect(await login(auth, 'mallory', 'anything')).toEqual({ kind: 'unknown' });
    expect(await login(auth, 'alice', PASSWORDS.bob)).toEqual({ kind: 'rejected', reason: 'invalid credentials' });
  });

  it('escapes filter special characters of the login name (RFC 4515)', async () => {
    const auth = provider(bySearch());
    // Unescaped, `*` would match every entry and `alice)(uid=*` would rewrite the filter.
    expect(await login(auth, '*', PASSWORDS.alice)).toEqual({ kind: 'unknown' });
    expect(await login(auth, 'al*', PASSWORDS.alice)).toEqual({ kind: 'unknown' });
    expect(await login(auth, 'alice)(uid=*', PASSWORDS.alice)).toEqual({ kind: 'unknown' });
    expect(await login(auth, 'alice\\', PASSWORDS.alice)).toEqual({ kind: 'unknown' });
    expect(await login(auth, "o'brien, #1+", PASSWORDS.obrien)).toMatchObject({ kind: 'accepted' });
  });

  it('takes groups from a group search', async () => {
    const auth = provider(bySearch({ groups: { source: 'search', baseDn: `ou=groups,${SUFFIX}`, filter: '(&(objectClass=groupOfNames)(member={dn}))' } }));
    expect(await login(auth, 'bob', PASSWORDS.bob)).toMatchObject({ kind: 'accepted', user: STAFF });
    expect(await login(auth, "o'brien, #1+", PASSWORDS.obrien)).toMatchObject({ kind: 'accepted', user: PARTNER });
  });

  it('lets the first mapping in the configuration win, not the first group', async () => {
    const auth = provider(bySearch({ mappings: [{ group: 'cn=staff', user: STAFF }, { group: 'cn=acme-partners', user: PARTNER }] }));
    expect(await login(auth, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'accepted', user: STAFF });
  });

  it('rejects a user no mapping matches (the reason is logged), unless there is a defaultUser', async () => {
    const before = logged.length;
    const strict = provider(bySearch());
    expect(await login(strict, 'carol', PASSWORDS.carol)).toEqual({ kind: 'rejected', reason: `no mapping matches the groups of uid=carol,${PEOPLE}` });
    expect(JSON.stringify(logged.slice(before))).toContain('no mapping matches');
    const fallback = provider(bySearch({ defaultUser: { storage: { driver: 's3', bucket: 'acme-files', prefix: 'guests/{username}' } } }));
    expect(await login(fallback, 'carol', PASSWORDS.carol)).toMatchObject({ kind: 'accepted', user: { username: 'carol', storage: { prefix: 'guests/{username}' } } });
  });

  it('is unavailable when the service account cannot bind, and does not retry the bind at once', async () => {
    const proxy = await countingProxy(Number(new URL(slapd.url).port));
    try {
      const auth = provider(bySearch({ url: proxy.url, search: { baseDn: PEOPLE, bindDn: SERVICE_DN, bindPassword: 'not-the-password' } }));
      expect(await login(auth, 'alice', PASSWORDS.alice)).toEqual({ kind: 'unavailable', reason: 'the service account’s bind was refused (invalid credentials)' });
      expect(await login(auth, 'bob', PASSWORDS.bob)).toEqual({ kind: 'unavailable', reason: 'the service account’s bind was refused (invalid credentials); not tried again for 30 s' });
      expect(await auth.check?.(AbortSignal.timeout(5_000))).toBe(false);
      expect(proxy.connections()).toBe(1); // a refused service password is not tried again (lockout)
    } finally {
      await proxy.close();
    }
  });

  it('reuses the service account connection; each user bind has its own connection', async () => {
    const proxy = await countingProxy(Number(new URL(slapd.url).port));
    try {
      const auth = provider(bySearch({ url: proxy.url }));
      expect(await login(auth, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'accepted' });
      expect(proxy.connections()).toBe(2); // service + alice
      expect(await login(auth, 'bob', PASSWORDS.bob)).toMatchObject({ kind: 'accepted' });
      expect(await login(auth, 'alice', 'wrong')).toMatchObject({ kind: 'rejected' });
      expect(proxy.connections()).toBe(4); // + bob + the wrong password, the service connection kept
      await waitFor(() => proxy.open() === 1); // the user connections are closed after each login
      // A lost service connection is replaced by a new, bound one.
      proxy.dropAll();
      expect(await login(auth, 'bob', PASSWORDS.bob)).toMatchObject({ kind: 'accepted' });
      expect(proxy.connections()).toBe(6);
      await auth.close?.();
      await waitFor(() => proxy.open() === 0);
    } finally {
      await proxy.close();
    }
  });

  it('opens one service connection for logins that arrive together', async () => {
    const proxy = await countingProxy(Number(new URL(slapd.url).port));
    try {
      const auth = provider(bySearch({ url: proxy.url }));
      const names = ['alice', 'bob', 'alice', 'bob', 'alice', 'bob'] as const;
      const outcomes = await Promise.all(names.map((name) => login(auth, name, PASSWORDS[name])));
      expect(outcomes.map((outcome) => outcome.kind)).toEqual(names.map(() => 'accepted'));
      expect(proxy.connections()).toBe(1 + names.length);
    } finally {
      await proxy.close();
    }
  });
});

describe('TLS', () => {
  it('logs in over ldaps:// with the test CA', async () => {
    const auth = provider({ ...bySearch(), url: slapd.ldapsUrl, ca: slapd.caPem });
    expect(await login(auth, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'accepted', user: PARTNER });
  });

  it('logs in over ldap:// upgraded with StartTLS', async () => {
    const auth = provider({ ...byTemplate(), startTls: true, ca: slapd.caPem });
    expect(await login(auth, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'accepted', user: PARTNER });
    const searching = provider({ ...bySearch(), startTls: true, ca: slapd.caPem });
    expect(await login(searching, 'bob', PASSWORDS.bob)).toMatchObject({ kind: 'accepted', user: STAFF });
    expect(await searching.check?.(AbortSignal.timeout(5_000))).toBe(true);
  });

  it('is unavailable when the server certificate is not trusted', async () => {
    const ldaps = provider({ ...bySearch(), url: slapd.ldapsUrl }); // the system's CAs do not know the test CA
    expect(await login(ldaps, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'unavailable' });
    const startTls = provider({ ...byTemplate(), startTls: true });
    expect(await login(startTls, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'unavailable' });
  });
});

describe('an unavailable directory', () => {
  it('is unavailable when nothing listens, and not ready', async () => {
    const port = await closedPort();
    for (const auth of [provider({ ...byTemplate(), url: `ldap://127.0.0.1:${port}` }), provider(bySearch({ url: `ldap://127.0.0.1:${port}` }))]) {
      expect(await login(auth, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('ECONNREFUSED') });
      expect(await auth.check?.(AbortSignal.timeout(5_000))).toBe(false);
    }
  });

  it('is ready when the directory answers', async () => {
    expect(await provider(byTemplate()).check?.(AbortSignal.timeout(5_000))).toBe(true);
    expect(await provider(bySearch()).check?.(AbortSignal.timeout(5_000))).toBe(true);
  });

  it('gives up on the caller’s signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('client gone'));
    expect(await login(provider(bySearch()), 'alice', PASSWORDS.alice, controller.signal)).toEqual({ kind: 'unavailable', reason: 'the login was abandoned' });
  });

  it('is unavailable within the timeout when the server is paused, and recovers once it is back', async () => {
    const timeoutMs = 600;
    const searching = provider({ ...bySearch(), timeoutMs });
    const binding = provider({ ...byTemplate(), timeoutMs });
    expect(await login(searching, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'accepted' }); // service connection open
    await slapd.pause();
    try {
      // Bounded by the deadline, not by the pause (which lasts until resume); the margin is for a busy machine.
      for (const auth of [searching, binding]) {
        const started = Date.now();
        expect(await login(auth, 'alice', PASSWORDS.alice)).toEqual({ kind: 'unavailable', reason: `the directory did not answer within ${timeoutMs} ms` });
        expect(Date.now() - started).toBeLessThan(timeoutMs + 1_500);
      }
      const started = Date.now();
      expect(await searching.check?.(AbortSignal.timeout(5_000))).toBe(false);
      expect(Date.now() - started).toBeLessThan(timeoutMs + 1_500);
    } finally {
      slapd.resume();
    }
    expect(await login(searching, 'bob', PASSWORDS.bob)).toMatchObject({ kind: 'accepted', user: STAFF });
    expect(await login(binding, 'bob', PASSWORDS.bob)).toMatchObject({ kind: 'accepted', user: STAFF });
  });

  it('answers unavailable once closed', async () => {
    const auth = provider(bySearch());
    await auth.close?.();
    expect(await login(auth, 'alice', PASSWORDS.alice)).toMatchObject({ kind: 'unavailable' });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A TCP relay to slapd that counts the connections made through it. */
async function countingProxy(targetPort: number) {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    count += 1;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    client.once('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.once('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return {
    url: `ldap://127.0.0.1:${address.port}`,
    connections: () => count,
    open: () => sockets.size,
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
