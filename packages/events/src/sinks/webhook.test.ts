import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BucketftpEvent } from '../event.js';
import { DeliveryError } from '../sink.js';
import { TestReceiver } from '../testing/receiver.js';
import { createSink, sinkConfigSchema } from './registry.js';

const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const event: BucketftpEvent = {
  version: 1,
  id: 'e1',
  type: 'login',
  time: '2026-12-05T08:00:00.000Z',
  result: 'ok',
  user: 'alice',
  sessionId: 's1',
  clientAddress: '127.0.0.1',
  tls: false,
};

let receiver: TestReceiver;
beforeEach(async () => {
  receiver = await TestReceiver.start();
});
afterEach(async () => {
  await receiver.close();
});

function webhook(extra: Record<string, unknown> = {}) {
  const config = sinkConfigSchema.parse({ type: 'webhook', url: receiver.url, ...extra });
  return createSink({ ...config, name: config.name ?? 'webhook' }, { logger });
}

async function failure(promise: Promise<void>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('the webhook sink from the registry', () => {
  it('sends extra headers, and no signature without a secret', async () => {
    const sink = webhook({ name: 'audit', headers: { Authorization: 'Bearer t0ken' } });
    expect([sink.name, sink.type]).toEqual(['audit', 'webhook']);
    await sink.deliver([event], AbortSignal.timeout(5_000));
    expect(receiver.requests[0]!.headers.authorization).toBe('Bearer t0ken');
    expect(receiver.requests[0]!.headers['x-bucketftp-signature']).toBeUndefined();
  });

  it('classifies answers: 5xx, 429 and 408 retryable, other 4xx not, and a 3xx is not followed', async () => {
    const sink = webhook();
    receiver.script.push(503, 429, 408, 404, 302);
    expect((await failure(sink.deliver([event], AbortSignal.timeout(5_000)))).retryable).toBe(true);
    expect((await failure(sink.deliver([event], AbortSignal.timeout(5_000)))).retryable).toBe(true);
    expect((await failure(sink.deliver([event], AbortSignal.timeout(5_000)))).retryable).toBe(true);
    expect((await failure(sink.deliver([event], AbortSignal.timeout(5_000)))).retryable).toBe(false);
    expect((await failure(sink.deliver([event], AbortSignal.timeout(5_000)))).retryable).toBe(false);
    expect(receiver.requests).toHaveLength(5);
  });

  it('treats a refused connection and a timeout as retryable', async () => {
    const sink = webhook();
    receiver.script.push('hang');
    const timedOut = await failure(sink.deliver([event], AbortSignal.timeout(200)));
    expect(timedOut.retryable).toBe(true);
    await receiver.close();
    const refused = await failure(sink.deliver([event], AbortSignal.timeout(5_000)));
    expect(refused.retryable).toBe(true);
    receiver = await TestReceiver.start();
  });

  it('refuses a configuration with a short secret or a non-HTTP URL', () => {
    expect(sinkConfigSchema.safeParse({ type: 'webhook', url: receiver.url, secret: 'short' }).success).toBe(false);
    expect(sinkConfigSchema.safeParse({ type: 'webhook', url: 'file:///etc/passwd' }).success).toBe(false);
  });
});
