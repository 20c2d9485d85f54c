/**
 * `type: http`: each login is a JSON POST to a web service (examples/http-hook/hook.schema.json):
 *
 *   request  {username, password, clientAddress, serverAddress, tls, protocol}
 *   200      {user: {...a configured user without passwordHash...}, attributes?: {name: value}}
 *   401/403  wrong credentials (counted for bans)      404  unknown user (next provider)
 *   anything else, a timeout, a reply that is not JSON: the hook is unavailable (421)
 *
 * The request carries `Authorization: Bearer <token>` or an HMAC signature over the timestamp and
 * the body. Accepted logins are cached for `cacheTtlMs` under HMAC(per-process key, username,
 * password), so the cache never holds a password and a reconnecting client costs no request.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Logger } from '@bucketftp/server';
import type { ProviderConfig } from '../config/auth-schema.js';
import type { AuthOutcome, AuthProvider, AuthRequest } from './provider.js';

export type HttpProviderConfig = Extract<ProviderConfig, { type: 'http' }>;

/** Replies larger than this are not a user object: unavailable. */
const MAX_REPLY_BYTES = 256 * 1024;

interface Cached {
  readonly outcome: Extract<AuthOutcome, { kind: 'accepted' }>;
  readonly expires: number;
}

export class HttpProvider implements AuthProvider {
  readonly type = 'http';
  readonly name: string;
  private readonly url: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly cacheKey = randomBytes(32);
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly config: HttpProviderConfig,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.name = config.name;
    this.url = new URL(config.url);
    const ca = config.caFile === undefined ? undefined : readFileSync(config.caFile);
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, ...(ca && { ca }) }) : new HttpAgent({ keepAlive: true });
  }

  async authenticate(request: AuthRequest, signal: AbortSignal): Promise<AuthOutcome> {
    const key = createHmac('sha256', this.cacheKey).update(request.username).update('\0').update(request.password).digest('base64');
    const hit = this.cache.get(key);
    if (hit && hit.expires > this.now()) {
      this.log.debug({ user: request.username }, 'login answered from the cache');
      return hit.outcome;
    }
    if (hit) this.cache.delete(key);

    const body = JSON.stringify({
      username: request.username,
      password: request.password,
      clientAddress: request.clientAddress,
      serverAddress: request.serverAddress,
      tls: request.tls,
      protocol: request.protocol,
    });
    let reply: Reply;
    try {
      reply = await this.post(body, AbortSignal.any([signal, AbortSignal.timeout(this.config.timeoutMs)]));
    } catch (error) {
      const reason = signal.aborted ? 'login abandoned' : isTimeout(error) ? `no reply within ${this.config.timeoutMs} ms` : `request failed (${describe(error)})`;
      return { kind: 'unavailable', reason };
    }
    const outcome = classify(reply);
    if (outcome.kind === 'accepted' && this.config.cacheTtlMs > 0) this.remember(key, outcome);
    return outcome;
  }

  /** Up when the hook answers HTTP at all (any status): a GET on the hook URL. */
  async check(signal: AbortSignal): Promise<boolean> {
    try {
      await this.send('GET', undefined, AbortSignal.any([signal, AbortSignal.timeout(this.config.timeoutMs)]));
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.agent.destroy();
    this.cache.clear();
    return Promise.resolve();
  }

  private remember(key: string, outcome: Extract<AuthOutcome, { kind: 'accepted' }>): void {
    this.cache.delete(key);
    this.cache.set(key, { outcome, expires: this.now() + this.config.cacheTtlMs });
    while (this.cache.size > this.config.cacheMaxEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done === true) break;
      this.cache.delete(oldest.value);
    }
  }

  private post(body: string, signal: AbortSignal): Promise<Reply> {
    return this.send('POST', body, signal);
  }

  private send(method: 'GET' | 'POST', body: string | undefined, signal: AbortSignal): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'bucketftp' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    if (this.config.bearerToken !== undefined) headers.authorization = `Bearer ${this.config.bearerToken}`;
    if (this.config.hmacSecret !== undefined) {
      const timestamp = String(Math.floor(this.now() / 1000));
      headers['x-bucketftp-timestamp'] = timestamp;
      headers['x-bucketftp-signature'] = `sha256=${createHmac('sha256', this.config.hmacSecret).update(`${timestamp}.${body ?? ''}`).digest('hex')}`;
    }
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Reply>((resolve, reject) => {
      const outgoing = send(this.url, { method, headers, agent: this.agent, signal }, (response) => {
        readReply(response).then(resolve, reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

interface Reply {
  readonly status: number;
  readonly text: string;
}

function readReply(response: IncomingMessage): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REPLY_BYTES) {
        response.destroy(new Error(`reply larger than ${MAX_REPLY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('error', reject);
    response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
  });
}

function classify({ status, text }: Reply): AuthOutcome {
  if (status === 401 || status === 403) return { kind: 'rejected', reason: `the hook answered ${status}` };
  if (status === 404) return { kind: 'unknown' };
  if (status !== 200) return { kind: 'unavailable', reason: `the hook answered ${status}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'unavailable', reason: 'the hook answered 200 with a body that is not JSON' };
  }
  // The user object itself is validated by the caller (the same schema as a configured user): a
  // reply that fails it refuses the login rather than half-configuring a session.
  const reply = isRecord(parsed) ? parsed : {};
  const attributes = isRecord(reply.attributes) ? stringAttributes(reply.attributes) : undefined;
  return { kind: 'accepted', user: reply.user, ...(attributes && { attributes }) };
}

function stringAttributes(record: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) if (typeof value === 'string') attributes[name] = value;
  return attributes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || (error.cause instanceof Error && error.cause.name === 'TimeoutError'));
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
