import { describe, expect, it } from 'vitest';
import type { BucketftpEvent } from '../event.js';
import { DeliveryError } from '../sink.js';
import { BatchSender, type EntryFailure, type SendBatch } from './batches.js';
import { recordingLogger, sampleEvent } from './cloud.fixture.js';

/** A service stand-in: records each request's event ids and answers with the failures `answer` picks. */
function service(answer: (batch: readonly BucketftpEvent[], call: number) => EntryFailure[] | Error) {
  const requests: string[][] = [];
  const send: SendBatch = async (batch) => {
    requests.push(batch.map((event) => event.id));
    const result = answer(batch, requests.length);
    if (result instanceof Error) throw result;
    return result;
  };
  return { send, requests };
}

function sender(send: SendBatch, logger = recordingLogger()) {
  const toDeliveryError = (error: unknown) => new DeliveryError(String(error), { retryable: true, cause: error });
  return new BatchSender(send, { maxEntries: 10, what: 'test', toDeliveryError, sinkName: 'test', logger, roundDelayMs: 1 });
}

const events = (count: number) => Array.from({ length: count }, () => sampleEvent());

describe('BatchSender', () => {
  it('sends batches of at most the maximum', async () => {
    const { send, requests } = service(() => []);
    await sender(send).deliver(events(23), AbortSignal.timeout(1_000));
    expect(requests.map((ids) => ids.length)).toEqual([10, 10, 3]);
  });

  it('sends again only the entries that failed retryably, then succeeds', async () => {
    const batch = events(4);
    const { send, requests } = service((_, call) => (call === 1 ? [{ index: 1, code: 'InternalError', retryable: true }] : []));
    await sender(send).deliver(batch, AbortSignal.timeout(1_000));
    expect(requests).toEqual([batch.map((event) => event.id), [batch[1]!.id]]);
  });

  it('fails without retry when what is left was refused for good', async () => {
    const batch = events(3);
    const logger = recordingLogger();
    const { send, requests } = service((_, call) => (call === 1 ? [{ index: 2, code: 'InvalidMessageContents', retryable: false }] : []));
    const failure = await sender(send, logger).deliver(batch, AbortSignal.timeout(1_000)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'DeliveryError', retryable: false });
    expect((failure as Error).message).toContain('1 of 3 events rejected (InvalidMessageContents)');
    expect(requests).toHaveLength(1);
    expect(logger.warnings).toHaveLength(1);
  });

  it('fails retryably after its rounds, and the next delivery of the same events sends only the rest', async () => {
    const batch = events(3);
    let throttle = true;
    const { send, requests } = service((sent) => (throttle ? sent.filter((event) => event.id === batch[0]!.id).map(() => ({ index: 0, code: 'Throttling', retryable: true })) : []));
    const sink = sender(send);
    const failure = await sink.deliver(batch, AbortSignal.timeout(1_000)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'DeliveryError', retryable: true });
    expect(requests).toHaveLength(3); // three rounds
    throttle = false;
    await sink.deliver(batch, AbortSignal.timeout(1_000));
    expect(requests.at(-1)).toEqual([batch[0]!.id]);
  });

  it('remembers what a failed request before it delivered', async () => {
    const batch = events(15);
    let down = true;
    const { send, requests } = service((_, call) => (down && call === 2 ? new Error('ECONNRESET') : []));
    const sink = sender(send);
    await expect(sink.deliver(batch, AbortSignal.timeout(1_000))).rejects.toMatchObject({ retryable: true });
    down = false;
    await sink.deliver(batch, AbortSignal.timeout(1_000));
    expect(requests.at(-1)).toEqual(batch.slice(10).map((event) => event.id));
  });
});
