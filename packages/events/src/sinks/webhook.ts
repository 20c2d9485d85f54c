import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import type { BucketftpEvent } from '../event.js';
import { DeliveryError, type EventSink, type SinkLogger } from '../sink.js';
import { commonSinkFields } from './common.js';
import { defineSink } from './definition.js';

export const SIGNATURE_HEADER = 'x-bucketftp-signature';
export const TIMESTAMP_HEADER = 'x-bucketftp-timestamp';

const webhookSchema = z.strictObject({
  type: z.literal('webhook'),
  ...commonSinkFields,
  /** Where the events are POSTed (http or https). */
  url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }),
  /**
   * The shared secret of the HMAC-SHA256 signature (X-Bucketftp-Signature: sha256=<hex> over the raw
   * body). Without it no signature is sent.
   */
  secret: z.string().min(16, 'at least 16 characters').optional(),
  /** Extra request headers (e.g. Authorization). */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).optional(),
});

export type WebhookSinkConfig = z.output<typeof webhookSchema>;

/** The signature header's value for a body: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** HTTP statuses worth another attempt: timeouts, rate limits and server errors. */
function retryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms; undefined when absent or odd. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The answer's status and Retry-After, once its body has been read to the end (or thrown away). */
interface Answer {
  readonly status: number;
  readonly retryAfter: string | undefined;
}

export class WebhookSink implements EventSink {
  readonly type = 'webhook';
  readonly name: string;
  readonly #url: URL;
  readonly #secret: string | undefined;
  readonly #headers: Record<string, string>;
  // node:http with keep-alive: a request costs about a third of the CPU of fetch().
  readonly #agent: HttpAgent;
  readonly #request: typeof httpRequest;

  constructor(config: WebhookSinkConfig & { name: string }, _logger?: SinkLogger) {
    this.name = config.name;
    this.#url = new URL(config.url);
    this.#secret = config.secret;
    this.#headers = config.headers ?? {};
    const https = this.#url.protocol === 'https:';
    this.#agent = https ? new HttpsAgent({ keepAlive: true, maxSockets: 1 }) : new HttpAgent({ keepAlive: true, maxSockets: 1 });
    this.#request = https ? httpsRequest : httpRequest;
  }

  async deliver(events: readonly BucketftpEvent[], signal: AbortSignal): Promise<void> {
    const body = Buffer.from(JSON.stringify({ events }));
    const headers: Record<string, string> = {
      ...this.#headers,
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': 'bucketftp-events/1',
      [TIMESTAMP_HEADER]: String(Math.floor(Date.now() / 1000)),
    };
    if (this.#secret !== undefined) headers[SIGNATURE_HEADER] = signBody(this.#secret, body);
    let answer: Answer;
    try {
      answer = await this.#post(body, headers, signal);
    } catch (error) {
      // Connection refused, reset, DNS failure, or the attempt's timeout: all worth retrying.
      throw new DeliveryError(signal.aborted ? 'request timed out or was aborted' : 'request failed', { retryable: true, cause: error });
    }
    if (answer.status >= 200 && answer.status < 300) return;
    const retryAfter = retryAfterMs(answer.retryAfter ?? null);
    throw new DeliveryError(`receiver answered ${answer.status}`, {
      retryable: retryableStatus(answer.status),
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    });
  }

  #post(body: Buffer, headers: Record<string, string>, signal: AbortSignal): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = this.#request(this.#url, { method: 'POST', headers, agent: this.#agent, signal }, (response) => {
        const answer = { status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] };
        // Read the body to the end so the connection goes back to the pool.
        response.on('error', reject);
        response.on('end', () => resolve(answer));
        response.resume();
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  async close(): Promise<void> {
    this.#agent.destroy();
  }
}

export const webhookSink = defineSink({
  schema: webhookSchema,
  create: (config, deps) => new WebhookSink(config, deps.logger),
});
