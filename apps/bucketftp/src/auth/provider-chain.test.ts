/** The provider chain over the configured users and a real HTTP hook; storages are in memory. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '@bucketftp/server';
import { MemoryDriver } from '@bucketftp/storage';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UserConfig } from '../config/schema.js';
import type { ExternalUserConfig } from '../config/user-schema.js';
import type { UserStorage } from '../storage/user-storage.js';
import { ConfigProvider } from './config-provider.js';
import { ExternalUsers, type Template } from './external-users.js';
import { HttpProvider } from './http-provider.js';
import { hashPassword } from './password-hash.js';
import { ProviderChain, ProviderUnavailableError, type LoginResult } from './provider-chain.js';
import { UserDirectory } from './user-directory.js';

type Answer = (body: { username: string; password: string }, response: ServerResponse) => void;

const hooks: Server[] = [];
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword('s3cret', { ln: 10, r: 8, p: 1 });
});

afterEach(async () => {
  for (const hook of hooks.splice(0)) {
    hook.closeAllConnections();
    await new Promise((resolve) => hook.close(resolve));
  }
});

async function startHook(answer: Answer): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const hook = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { username: string; password: string };
      requests.push(body.username);
      answer(body, response);
    });
  });
  hooks.push(hook);
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/login`, requests };
}

const reply = (response: ServerResponse, status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** Accepts `bob`/`hunter2` with `user`; 401 for another password; 404 for anyone else. */
const bobHook =
  (user: () => unknown): Answer =>
  (body, response) => {
    if (body.username !== 'bob') reply(response, 404, {});
    else if (body.password !== 'hunter2') reply(response, 401, {});
    else reply(response, 200, { user: user(), attributes: { tenant: 'acme' } });
  };

interface Setup {
  readonly chain: ProviderChain;
  readonly external: ExternalUsers;
  readonly built: ExternalUserConfig[];
  readonly retired: UserStorage[];
  readonly results: [string, LoginResult][];
  readonly answered: [string, boolean][];
  readonly log: { level: string; fields: unknown; message?: string }[];
}

async function setup(hookUrls: string[], template: Template = { storage: { driver: 'fs', root: '/srv/customers/{username}' } }): Promise<Setup> {
  const log: Setup['log'] = [];
  const logger: Logger = {
    ...silentLogger,
    info: (fields: unknown, message?: string) => void log.push({ level: 'info', fields, message }),
    warn: (fields: unknown, message?: string) => void log.push({ level: 'warn', fields, message }),
    error: (fields: unknown, message?: string) => void log.push({ level: 'error', fields, message }),
  };
  const directory = new UserDirectory(async () => ({ driver: new MemoryDriver(), backends: [] }));
  const alice: UserConfig = {
    username: 'alice',
    passwordHash,
    storage: { driver: 'fs', root: '/srv/alice' },
    permissions: ['list', 'read'],
    readOnly: false,
    allowFxp: false,
    requireTls: false,
    partialUploads: 'discard',
    demo: false,
  };
  await directory.replace([alice, { ...alice, username: 'office', allowedSources: ['10.0.0.0/8'] }]);
  const built: ExternalUserConfig[] = [];
  const retired: UserStorage[] = [];
  const external = new ExternalUsers({
    context: { baseDir: '/etc/bucketftp', env: {} },
    defaults: {},
    template,
    buildStorage: async (config) => {
      built.push(config);
      return { driver: new MemoryDriver(), backends: [] };
    },
    retire: (storages) => retired.push(...storages),
    log: logger,
  });
  const results: [string, LoginResult][] = [];
  const answered: [string, boolean][] = [];
  const providers = [
    new ConfigProvider('config', directory),
    ...hookUrls.map(
      (url, index) =>
        new HttpProvider({ type: 'http', name: `hook${index}`, url, timeoutMs: 300, bearerToken: 'token-0123456789abcdef', cacheTtlMs: 0, cacheMaxEntries: 10 }, logger),
    ),
  ];
  const chain = new ProviderChain({
    providers,
    isConfigured: (user) => directory.owns(user),
    external,
    log: logger,
    recorded: (provider, result) => results.push([provider, result]),
    answered: (provider, up) => answered.push([provider, up]),
  });
  return { chain, external, built, retired, results, answered, log };
}

const login = (username: string, password: string, remoteAddress = '203.0.113.9') => ({ username, password, remoteAddress, localAddress: '127.0.0.1', secured: false });

describe('ProviderChain', () => {
  it('lets the configured users answer first; the hook is asked only for users they do not know', async () => {
    const hook = await startHook(bobHook(() => ({ permissions: ['list', 'read', 'write'] })));
    const { chain, built, results } = await setup([hook.url]);
    await expect(chain.authenticate(login('alice', 's3cret'))).resolves.toMatchObject({ username: 'alice' });
    await expect(chain.authenticate(login('alice', 'wrong'))).resolves.toBeUndefined();
    expect(hook.requests).toEqual([]);
    const bob = await chain.authenticate(login('bob', 'hunter2'));
    expect(bob).toMatchObject({ username: 'bob', permissions: new Set(['list', 'read', 'write']) });
    expect(built).toMatchObject([{ username: 'bob', storage: { driver: 'fs', root: '/srv/customers/bob' } }]);
    await expect(chain.authenticate(login('bob', 'nope'))).resolves.toBeUndefined();
    await expect(chain.authenticate(login('carol', 'x'))).resolves.toBeUndefined();
    expect(hook.requests).toEqual(['bob', 'bob', 'carol']);
    expect(results).toEqual([
      ['config', 'ok'],
      ['config', 'failed'],
      ['hook0', 'ok'],
      ['hook0', 'failed'],
      ['none', 'failed'],
    ]);
  });

  it('applies allowedSources to configured users, logging the refusal', async () => {
    const { chain, results, log } = await setup([]);
    await expect(chain.authenticate(login('office', 's3cret', '10.2.3.4'))).resolves.toMatchObject({ username: 'office' });
    await expect(chain.authenticate(login('office', 's3cret', '203.0.113.9'))).resolves.toBeUndefined();
    expect(results).toEqual([
      ['config', 'ok'],
      ['config', 'failed'],
    ]);
    expect(log).toContainEqual({ level: 'warn', fields: { user: 'office', remote: '203.0.113.9', provider: 'config' }, message: 'login refused: client address not in allowedSources' });
  });

  it('fails closed: a hook that is down or slow throws (421) and the providers after it are never asked', async () => {
    const slow = await startHook(() => undefined);
    const fallback = await startHook(bobHook(() => ({})));
    const { chain, results, answered, log } = await setup([slow.url, fallback.url]);
    await expect(chain.authenticate(login('bob', 'hunter2'))).rejects.toThrow(ProviderUnavailableError);
    expect(fallback.requests).toEqual([]);
    expect(results).toEqual([['hook0', 'unavailable']]);
    expect(answered).toContainEqual(['hook0', false]);
    expect(JSON.stringify(log)).not.toContain('hunter2');
    const { chain: downChain } = await setup(['http://127.0.0.1:1/login', fallback.url]);
    await expect(downChain.authenticate(login('bob', 'hunter2'))).rejects.toThrow(/hook0 is unavailable: request failed \(ECONNREFUSED\)/);
    expect(fallback.requests).toEqual([]);
  });

  it('refuses a login whose user object fails validation, logging why, and builds nothing', async () => {
    const hook = await startHook(bobHook(() => ({ permissions: 'everything', storage: { driver: 'fs', root: '/srv/{nope}' } })));
    const { chain, built, results, log } = await setup([hook.url]);
    await expect(chain.authenticate(login('bob', 'hunter2'))).resolves.toBeUndefined();
    expect(built).toEqual([]);
    expect(results).toEqual([['hook0', 'invalid']]);
    const entry = log.find((each) => each.message === 'login refused: the provider returned an invalid user');
    expect(entry?.fields).toMatchObject({ user: 'bob', provider: 'hook0', problems: expect.arrayContaining([expect.stringMatching(/^permissions: /), expect.stringMatching(/^storage\.root: unknown placeholder \{nope\}/)]) });
    expect(JSON.stringify(log)).not.toContain('hunter2');
  });

  it('applies allowedSources to external users, and substitutes provider attributes', async () => {
    const hook = await startHook(bobHook(() => ({ allowedSources: ['10.0.0.0/8'], storage: { driver: 'fs', root: '/srv/{tenant}/{username}' } })));
    const { chain, built, results } = await setup([hook.url]);
    await expect(chain.authenticate(login('bob', 'hunter2', '203.0.113.9'))).resolves.toBeUndefined();
    await expect(chain.authenticate(login('bob', 'hunter2', '10.1.2.3'))).resolves.toMatchObject({ username: 'bob' });
    expect(built).toMatchObject([{ storage: { root: '/srv/acme/bob' } }]);
    expect(results).toEqual([
      ['hook0', 'failed'],
      ['hook0', 'ok'],
    ]);
  });

  it('keeps at most maxEntries external accounts, dropping the least recently used', async () => {
    const retired: UserStorage[] = [];
    const external = new ExternalUsers({
      context: { baseDir: '/', env: {} },
      defaults: {},
      template: { storage: { driver: 'fs', root: '/srv/{username}' } },
      buildStorage: async () => ({ driver: new MemoryDriver(), backends: [] }),
      retire: (storages) => retired.push(...storages),
      log: silentLogger,
      maxEntries: 2,
    });
    const a = await external.resolve('hook', 'a', {});
    await external.resolve('hook', 'b', {});
    await external.resolve('hook', 'a', {}); // a is now the most recent
    await external.resolve('hook', 'c', {});
    expect(external.size).toBe(2);
    expect(retired).toHaveLength(1);
    expect(a.ok && a.active.account.revoked?.aborted).toBe(false);
    const again = await external.resolve('hook', 'a', {});
    expect(again.ok && a.ok && again.active === a.active).toBe(true);
  });

  it('keeps one account per external user while the answer is the same; a changed answer or template revokes it', async () => {
    let permissions = ['list', 'read'];
    const hook = await startHook(bobHook(() => ({ permissions })));
    const { chain, external, built, retired } = await setup([hook.url]);
    const first = await chain.authenticate(login('bob', 'hunter2'));
    const again = await chain.authenticate(login('bob', 'hunter2'));
    expect(again).toBe(first);
    expect(built).toHaveLength(1);
    permissions = ['list'];
    const changed = await chain.authenticate(login('bob', 'hunter2'));
    expect(first?.revoked?.aborted).toBe(true);
    expect(changed?.revoked?.aborted).toBe(false);
    expect(built).toHaveLength(1); // same storage settings: the storage is kept
    expect(retired).toEqual([]);
    expect(external.setTemplate({ storage: { driver: 'fs', root: '/srv/customers/{username}' } })).toEqual([]);
    expect(external.setTemplate({ storage: { driver: 'fs', root: '/srv/other/{username}' } })).toEqual(['bob']);
    expect(changed?.revoked?.aborted).toBe(true);
    expect(retired).toHaveLength(1);
    await chain.authenticate(login('bob', 'hunter2'));
    expect(built.at(-1)).toMatchObject({ storage: { root: '/srv/other/bob' } });
  });
});
