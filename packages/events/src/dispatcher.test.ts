import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, EventDispatcher, type DeliveryMetrics, type DropReason } from './dispatcher.js';
import type { BucketftpEvent } from './event.js';
import type { SinkLogger } from './sink.js';
import { commonSinkSchema } from './sinks/common.js';
import { WebhookSink } from './sinks/webhook.js';
import { TestReceiver } from './testing/receiver.js';

const SECRET = 'a-shared-secret-of-some-length';

class CountingMetrics implements DeliveryMetrics {
  readonly counts = { delivered: 0, retried: 0, failed: 0, dropped: 0 };
  readonly drops: Record<string, number> = {};
  readonly latencies: number[] = [];
  depth = 0;
  delivered(_sink: string, events: number): void {
    this.counts.delivered += events;
  }
  retried(_sink: string, events: number): void {
    this.counts.retried += events;
  }
  failed(_sink: string, events: number): void {
    this.counts.failed += events;
  }
  dropped(_sink: string, events: number, reason: DropReason): void {
    this.counts.dropped += events;
    this.drops[reason] = (this.drops[reason] ?? 0) + events;
  }
  queueDepth(_sink: string, depth: number): void {
    this.depth = depth;
  }
  latency(_sink: string, seconds: number): void {
    this.latencies.push(seconds);
  }
}

class ListLogger implements SinkLogger {
  readonly lines: { level: string; msg: string | undefined; obj: object }[] = [];
  debug(obj: object, msg?: string): void {
    this.lines.push({ level: 'debug', msg, obj });
  }
  info(obj: object, msg?: string): void {
    this.lines.push({ level: 'info', msg, obj });
  }
  warn(obj: object, msg?: string): void {
    this.lines.push({ level: 'warn', msg, obj });
  }
  error(obj: object, msg?: string): void {
    this.lines.push({ level: 'error', msg, obj });
  }
}

let counter = 0;
function uploadEvent(path = '/in/a.bin'): BucketftpEvent {
  counter += 1;
  return {
    version: 1,
    id: `event-${counter}`,
    type: 'upload',
    time: new Date().toISOString(),
    result: 'ok',
    user: 'alice',
    sessionId: 's1',
    clientAddress: '127.0.0.1',
    tls: false,
    path,
    size: 3,
    durationMs: 1,
  };
}

let receiver: TestReceiver | undefined;
let dispatcher: EventDispatcher | undefined;
afterEach(async () => {
  await dispatcher?.close(0);
  await receiver?.close();
  dispatcher = undefined;
  receiver = undefined;
});

async function setup(options: Record<string, unknown> = {}) {
  receiver = await TestReceiver.start();
  const metrics = new CountingMetrics();
  const logger = new ListLogger();
  const parsed = commonSinkSchema.parse({ retryBaseDelayMs: 20, retryMaxDelayMs: 100, ...options });
  const sink = new WebhookSink({ type: 'webhook', ...parsed, name: 'hook', url: receiver.url, secret: SECRET });
  dispatcher = new EventDispatcher([{ sink, options: parsed }], { logger, metrics });
  return { receiver, metrics, logger, dispatcher };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('webhook delivery', () => {
  it('POSTs the events as JSON with an HMAC-SHA256 signature of the raw body', async () => {
    const { receiver, metrics } = await setup({ batchSize: 1 });
    const event = uploadEvent();
    dispatcher!.publish(event);
    await receiver.waitForRequests(1);
    const [request] = receiver.requests;
    expect(request!.headers['content-type']).toBe('application/json');
    const expected = `sha256=${createHmac('sha256', SECRET).update(request!.body).digest('hex')}`;
    expect(request!.headers['x-bucketftp-signature']).toBe(expected);
    expect(Number(request!.headers['x-bucketftp-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(JSON.parse(request!.body)).toEqual({ events: [event] });
    await until(() => metrics.counts.delivered === 1);
    expect(metrics.latencies).toHaveLength(1);
    expect(metrics.depth).toBe(0);
  });

  it('retries after a 503 with backoff, and delivers the same event (same id) again', async () => {
    const { receiver, metrics } = await setup();
    receiver.script.push(503, 503);
    dispatcher!.publish(uploadEvent());
    await receiver.waitForRequests(3);
    await until(() => metrics.counts.delivered === 1);
    expect(metrics.counts).toEqual({ delivered: 1, retried: 2, failed: 0, dropped: 0 });
    const ids = receiver.requests.map((request) => (JSON.parse(request.body) as { events: { id: string }[] }).events[0]!.id);
    expect(new Set(ids).size).toBe(1);
  });

  it('does not retry a 4xx: the batch is failed and logged', async () => {
    const { receiver, metrics, logger } = await setup();
    receiver.script.push(400);
    dispatcher!.publish(uploadEvent());
    await until(() => metrics.counts.failed === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests).toHaveLength(1);
    expect(metrics.counts).toEqual({ delivered: 0, retried: 0, failed: 1, dropped: 0 });
    expect(logger.lines.find((line) => line.level === 'error')?.msg).toBe('event delivery failed: not retryable');
  });

  it('gives up after the configured retries when the receiver keeps failing', async () => {
    const { receiver, metrics } = await setup({ retries: 2 });
    receiver.fallback = 500;
    dispatcher!.publish(uploadEvent());
    await until(() => metrics.counts.failed === 1);
    expect(receiver.requests).toHaveLength(3);
    expect(metrics.counts.retried).toBe(2);
  });

  it('times an attempt out and retries it when the receiver hangs', async () => {
    const { receiver, metrics } = await setup({ timeoutMs: 200 });
    receiver.script.push('hang');
    dispatcher!.publish(uploadEvent());
    await until(() => metrics.counts.delivered === 1);
    expect(receiver.requests).toHaveLength(2);
    expect(metrics.counts.retried).toBe(1);
  });

  it('batches what queued up while a delivery was under way, keeping the order', async () => {
    const { receiver, metrics } = await setup({ batchSize: 10, timeoutMs: 300 });
    receiver.script.push('hang');
    dispatcher!.publish(uploadEvent('/0'));
    await receiver.waitForRequests(1);
    for (let i = 1; i <= 12; i++) dispatcher!.publish(uploadEvent(`/${i}`));
    await until(() => metrics.counts.delivered === 13);
    const paths = receiver.events.map((event) => event.path);
    expect(paths.slice(1)).toEqual(['/0', ...Array.from({ length: 12 }, (_, i) => `/${i + 1}`)]);
    expect(receiver.requests.length).toBe(4); // the hung one, its retry, then 10 + 2
  });
});

describe('a bounded queue', () => {
  it('drops and counts events when the receiver hangs and the queue is full; publish stays instant', async () => {
    const { receiver, metrics, logger } = await setup({ maxQueue: 5, batchSize: 1, timeoutMs: 60_000 });
    receiver.fallback = 'hang';
    dispatcher!.publish(uploadEvent());
    await receiver.waitForRequests(1);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) dispatcher!.publish(uploadEvent());
    const elapsedMs = performance.now() - started;
    expect(elapsedMs).toBeLessThan(200);
    expect(metrics.drops['queue-full']).toBe(995);
    expect(metrics.depth).toBe(6); // 5 waiting, 1 in flight
    expect(dispatcher!.depths()).toEqual({ hook: 6 });
    const warnings = logger.lines.filter((line) => line.msg === 'event queue full: events dropped');
    expect(warnings).toHaveLength(1); // rate-limited
  });

  it('drains on close within the grace period, then drops and counts what is left', async () => {
    const { receiver, metrics } = await setup({ batchSize: 1 });
    for (let i = 0; i < 5; i++) dispatcher!.publish(uploadEvent());
    await dispatcher!.close(5_000);
    expect(metrics.counts.delivered).toBe(5);
    expect(receiver.requests).toHaveLength(5);
    await receiver.close();

    const hung = await setup({ batchSize: 1, timeoutMs: 60_000 });
    hung.receiver.fallback = 'hang';
    for (let i = 0; i < 5; i++) hung.dispatcher.publish(uploadEvent());
    const started = performance.now();
    await hung.dispatcher.close(300);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(hung.metrics.drops.shutdown).toBe(5);
    hung.dispatcher.publish(uploadEvent());
    expect(hung.metrics.drops.shutdown).toBe(6);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelay(1, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(2_000);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(3, 500, 30_000, () => 0.5)).toBe(1_000);
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(0);
  });
});
