/** The http provider against a real HTTP server acting as the hook. */
import { execFile, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@bucketftp/server';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpProvider, type HttpProviderConfig } from './http-provider.js';
import type { AuthRequest } from './provider.js';

interface Received {
  readonly method: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let hook: Server | undefined;
let received: Received[] = [];

afterEach(async () => {
  hook?.closeAllConnections();
  await new Promise((resolve) => hook?.close(resolve) ?? resolve(undefined));
  hook = undefined;
  received = [];
});

/** Starts a hook answering each POST with `answer`; returns its URL. */
async function startHook(answer: (request: Received, response: ServerResponse) => void): Promise<string> {
  hook = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      answer(entry, response);
    });
  });
  await new Promise<void>((resolve) => hook?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(hook.address() as AddressInfo).port}/login`;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function provider(url: string, extra: Partial<HttpProviderConfig> = {}, now?: () => number): HttpProvider {
  const config: HttpProviderConfig = { type: 'http', name: 'hook', url, timeoutMs: 2_000, bearerToken: 'token-0123456789abcdef', cacheTtlMs: 60_000, cacheMaxEntries: 100, ...extra };
  return new HttpProvider(config, silentLogger, now);
}

const request: AuthRequest = { username: 'alice', password: 'pa55word', clientAddress: '203.0.113.9', serverAddress: '10.0.0.1', tls: true, protocol: 'ftps' };
const signal = new AbortController().signal;

describe('HttpProvider', () => {
  it('posts the login as JSON with the bearer token and accepts a 200 user, with its attributes', async () => {
    const url = await startHook((_, response) => json(response, 200, { user: { permissions: ['list', 'read'] }, attributes: { tenant: 'acme', ignored: 3 } }));
    const hookProvider = provider(url);
    await expect(hookProvider.authenticate(request, signal)).resolves.toEqual({ kind: 'accepted', user: { permissions: ['list', 'read'] }, attributes: { tenant: 'acme' } });
    expect(received).toHaveLength(1);
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.headers.authorization).toBe('Bearer token-0123456789abcdef');
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({ username: 'alice', password: 'pa55word', clientAddress: '203.0.113.9', serverAddress: '10.0.0.1', tls: true, protocol: 'ftps' });
    await hookProvider.close();
  });

  it('signs the request with HMAC-SHA256 over the timestamp and the body instead of a token', async () => {
    const url = await startHook((_, response) => json(response, 200, { user: {} }));
    const hookProvider = provider(url, { bearerToken: undefined, hmacSecret: 'hmac-secret-0123456789' });
    await hookProvider.authenticate(request, signal);
    const { headers, body } = received[0]!;
    expect(headers.authorization).toBeUndefined();
    const timestamp = String(headers['x-bucketftp-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(headers['x-bucketftp-signature']).toBe(`sha256=${createHmac('sha256', 'hmac-secret-0123456789').update(`${timestamp}.${body}`).digest('hex')}`);
    await hookProvider.close();
  });

  it('reads 401 and 403 as wrong credentials and 404 as a user it does not know', async () => {
    const statuses = [401, 403, 404];
    const url = await startHook((_, response) => json(response, statuses.shift() ?? 500, { error: 'no' }));
    const hookProvider = provider(url);
    await expect(hookProvider.authenticate(request, signal)).resolves.toEqual({ kind: 'rejected', reason: 'the hook answered 401' });
    await expect(hookProvider.authenticate(request, signal)).resolves.toEqual({ kind: 'rejected', reason: 'the hook answered 403' });
    await expect(hookProvider.authenticate(request, signal)).resolves.toEqual({ kind: 'unknown' });
    await hookProvider.close();
  });

  it('is unavailable on any other status, on a 200 that is not JSON, on a slow reply and when the hook is down', async () => {
    const url = await startHook((entry, response) => {
      const { username } = JSON.parse(entry.body) as { username: string };
      if (username === 'e500') json(response, 500, {});
      else if (username === 'garbage') response.writeHead(200).end('<html>oops</html>');
      else setTimeout(() => json(response, 200, { user: {} }), 1_000).unref();
    });
    const hookProvider = provider(url, { timeoutMs: 200 });
    await expect(hookProvider.authenticate({ ...request, username: 'e500' }, signal)).resolves.toEqual({ kind: 'unavailable', reason: 'the hook answered 500' });
    await expect(hookProvider.authenticate({ ...request, username: 'garbage' }, signal)).resolves.toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/not JSON/) });
    const started = performance.now();
    await expect(hookProvider.authenticate({ ...request, username: 'slow' }, signal)).resolves.toEqual({ kind: 'unavailable', reason: 'no reply within 200 ms' });
    expect(performance.now() - started).toBeLessThan(900);
    await hookProvider.close();
    const down = provider('http://127.0.0.1:1/login');
    await expect(down.authenticate(request, signal)).resolves.toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/ECONNREFUSED/) });
    await expect(down.check(AbortSignal.timeout(1_000))).resolves.toBe(false);
    await down.close();
  });

  it('passes a 200 whose user is missing or wrong on to the caller, which validates it', async () => {
    const url = await startHook((_, response) => json(response, 200, { user: 'nope' }));
    const hookProvider = provider(url);
    await expect(hookProvider.authenticate(request, signal)).resolves.toEqual({ kind: 'accepted', user: 'nope' });
    await hookProvider.close();
  });

  it('answers a repeated login from its cache without a request, until the TTL passes; other passwords are asked', async () => {
    let clock = 1_000_000;
    const url = await startHook((_, response) => json(response, 200, { user: {} }));
    const hookProvider = provider(url, { cacheTtlMs: 30_000 }, () => clock);
    await hookProvider.authenticate(request, signal);
    clock += 29_000;
    await expect(hookProvider.authenticate(request, signal)).resolves.toMatchObject({ kind: 'accepted' });
    expect(received).toHaveLength(1);
    await hookProvider.authenticate({ ...request, password: 'other' }, signal);
    expect(received).toHaveLength(2);
    clock += 2_000;
    await hookProvider.authenticate(request, signal);
    expect(received).toHaveLength(3);
    await hookProvider.close();
  });

  it('does not cache refusals', async () => {
    const url = await startHook((_, response) => json(response, 401, {}));
    const hookProvider = provider(url);
    await hookProvider.authenticate(request, signal);
    await hookProvider.authenticate(request, signal);
    expect(received).toHaveLength(2);
    await hookProvider.close();
  });

  it('over https, trusts the hook certificate only through caFile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bucketftp-hook-ca-'));
    try {
      const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
      await promisify(execFile)('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', '/CN=hook',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
      ]);
      const secure = createHttpsServer({ key: await readFile(keyFile), cert: await readFile(certFile) }, (_, response) => json(response, 200, { user: {} }));
      await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
      const url = `https://127.0.0.1:${(secure.address() as AddressInfo).port}/login`;
      const trusting = provider(url, { caFile: certFile });
      const untrusting = provider(url);
      try {
        await expect(trusting.authenticate(request, signal)).resolves.toMatchObject({ kind: 'accepted' });
        await expect(untrusting.authenticate(request, signal)).resolves.toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/SELF_SIGNED|CERT/) });
      } finally {
        await Promise.all([trusting.close(), untrusting.close()]);
        secure.closeAllConnections();
        await new Promise((resolve) => secure.close(resolve));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is answered by the example receiver in HMAC mode; a wrong secret is refused (unavailable, not a wrong password)', async () => {
    const receiver = fileURLToPath(new URL('../../../../examples/http-hook/receiver.mjs', import.meta.url));
    const dir = await mkdtemp(join(tmpdir(), 'bucketftp-receiver-'));
    const run = promisify(execFile);
    const { stdout: hash } = await run(process.execPath, [receiver, 'hash', 'pa55word']);
    await writeFile(join(dir, 'users.json'), JSON.stringify({ alice: { passwordHash: hash.trim(), tenant: 'acme' } }));
    const child = spawn(process.execPath, [receiver, 'serve'], {
      env: { ...process.env, HOOK_HMAC_SECRET: 'hmac-secret-0123456789', HOOK_TOKEN: '', HOOK_USERS: join(dir, 'users.json'), HOOK_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const { port } = JSON.parse(line.toString('utf8')) as { port: number };
      const url = `http://127.0.0.1:${port}/login`;
      const signed = provider(url, { bearerToken: undefined, hmacSecret: 'hmac-secret-0123456789' });
      const forged = provider(url, { bearerToken: undefined, hmacSecret: 'not-the-secret-0123456789' });
      await expect(signed.authenticate(request, signal)).resolves.toEqual({ kind: 'accepted', user: {}, attributes: { tenant: 'acme' } });
      await expect(signed.authenticate({ ...request, password: 'wrong' }, signal)).resolves.toMatchObject({ kind: 'rejected' });
      await expect(signed.authenticate({ ...request, username: 'nobody' }, signal)).resolves.toEqual({ kind: 'unknown' });
      await expect(forged.authenticate(request, signal)).resolves.toEqual({ kind: 'unavailable', reason: 'the hook answered 400' });
      await Promise.all([signed.close(), forged.close()]);
    } finally {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('checks the hook is up with a GET (any HTTP answer counts)', async () => {
    const url = await startHook((_, response) => json(response, 405, {}));
    const hookProvider = provider(url);
    await expect(hookProvider.check(AbortSignal.timeout(1_000))).resolves.toBe(true);
    expect(received[0]?.method).toBe('GET');
    await hookProvider.close();
  });
});
