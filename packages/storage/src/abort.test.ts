import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { abortableChunks, receiveChunks, throwIfAborted, whenAborted } from './abort.js';

const text = (value: string) => new TextEncoder().encode(value);
const decode = (chunk: Uint8Array) => new TextDecoder().decode(chunk);

/** A source that records whether it was closed, and can be told to fail or to wait forever. */
function trackedSource(parts: string[], end: 'finish' | 'fail' | 'hang' = 'finish') {
  const state = { closed: false };
  async function* generate(): AsyncGenerator<Uint8Array> {
    try {
      for (const part of parts) yield text(part);
      if (end === 'fail') throw new Error('source broke');
      if (end === 'hang') await new Promise<never>(() => undefined);
    } finally {
      state.closed = true;
    }
  }
  return { source: generate(), state };
}

/** The engine's garbage collector, for the retention test (no --expose-gc flag needed). */
function gc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('whenAborted', () => {
  it('calls the listener once on abort, and not after it was stopped', () => {
    const calls: string[] = [];
    const first = new AbortController();
    whenAborted(first.signal, () => calls.push('first'));
    first.abort();
    first.abort();
    const second = new AbortController();
    const stop = whenAborted(second.signal, () => calls.push('second'));
    stop();
    second.abort();
    expect(calls).toEqual(['first']);
  });

  it('calls the listener at once when the signal already fired, and ignores a missing signal', () => {
    const calls: string[] = [];
    whenAborted(AbortSignal.abort(), () => calls.push('already'));
    whenAborted(undefined, () => calls.push('never'))();
    expect(calls).toEqual(['already']);
  });
});

describe('abortableChunks', () => {
  it('yields every chunk in order when nothing goes wrong', async () => {
    const seen: string[] = [];
    for await (const chunk of abortableChunks(trackedSource(['a', 'b', 'c']).source, new AbortController().signal)) {
      seen.push(decode(chunk));
    }
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it("rethrows the source's own error unchanged", async () => {
    const failing = abortableChunks(trackedSource(['a'], 'fail').source);
    await expect(async () => {
      for await (const _ of failing);
    }).rejects.toThrow('source broke');
  });

  it('throws aborted while the source is still waiting for data', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const consuming = (async () => {
      for await (const chunk of abortableChunks(trackedSource(['a'], 'hang').source, controller.signal)) {
        seen.push(decode(chunk));
        controller.abort();
      }
    })();
    await expect(consuming).rejects.toMatchObject({ name: 'StorageError', kind: 'aborted' });
    expect(seen).toEqual(['a']);
  });

  it('throws aborted before pulling anything when the signal already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const { source, state } = trackedSource(['a']);
    const iterator = abortableChunks(source, controller.signal);
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'aborted' });
    await Promise.resolve();
    expect(state.closed).toBe(false);
  });

  it('lets chunks already handed on be garbage-collected while the upload goes on', async () => {
    const collect = gc();
    const handedOn: WeakRef<Uint8Array>[] = [];
    async function* fresh() {
      for (let i = 0; i < 40; i++) yield new Uint8Array(1024 * 1024);
    }
    let stillReachable = 0;
    let seen = 0;
    for await (const chunk of abortableChunks(fresh(), new AbortController().signal)) {
      handedOn.push(new WeakRef(chunk));
      seen += 1;
      if (seen === 30) {
        await new Promise((resolve) => setImmediate(resolve));
        collect();
        stillReachable = handedOn.slice(0, 25).filter((ref) => ref.deref() !== undefined).length;
      }
    }
    expect(seen).toBe(40);
    expect(stillReachable).toBe(0);
  });

  it('closes the source when the consumer stops early', async () => {
    const { source, state } = trackedSource(['a', 'b', 'c']);
    for await (const _ of abortableChunks(source)) break;
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.closed).toBe(true);
  });
});

describe('receiveChunks', () => {
  it('reports success after accepting every chunk', async () => {
    const accepted: string[] = [];
    const outcome = await receiveChunks(trackedSource(['a', 'b']).source, undefined, (chunk) => {
      accepted.push(decode(chunk));
    });
    expect(outcome).toEqual({ ok: true });
    expect(accepted).toEqual(['a', 'b']);
  });

  it('reports the source failure instead of throwing, after the chunks received before it', async () => {
    const accepted: string[] = [];
    const outcome = await receiveChunks(trackedSource(['a', 'b'], 'fail').source, undefined, (chunk) => {
      accepted.push(decode(chunk));
    });
    expect(outcome).toMatchObject({ ok: false, failure: { message: 'source broke' } });
    expect(accepted).toEqual(['a', 'b']);
  });

  it('reports an abort as an aborted failure', async () => {
    const controller = new AbortController();
    const outcome = await receiveChunks(trackedSource(['a'], 'hang').source, controller.signal, () => {
      controller.abort();
    });
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'aborted' } });
  });

  it('awaits each chunk before pulling the next one', async () => {
    const events: string[] = [];
    async function* source(): AsyncGenerator<Uint8Array> {
      for (const part of ['a', 'b']) {
        events.push(`pull ${part}`);
        yield text(part);
      }
    }
    await receiveChunks(source(), undefined, async (chunk) => {
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`stored ${decode(chunk)}`);
    });
    expect(events).toEqual(['pull a', 'stored a', 'pull b', 'stored b']);
  });

  it("propagates the driver's own error and closes the source", async () => {
    const { source, state } = trackedSource(['a', 'b']);
    const receiving = receiveChunks(source, undefined, () => {
      throw new Error('disk full');
    });
    await expect(receiving).rejects.toThrow('disk full');
    await new Promise((resolve) => setImmediate(resolve));
    expect(state.closed).toBe(true);
  });
});

describe('throwIfAborted', () => {
  it('throws aborted only once the signal fired', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    controller.abort();
    expect(() => throwIfAborted(controller.signal)).toThrow(expect.objectContaining({ kind: 'aborted' }));
  });
});

describe('abortableChunks and a source that aborts the signal itself', () => {
  it('throws aborted when the abort happens inside the source, before the next step is awaited', async () => {
    const controller = new AbortController();
    async function* aborting(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1]);
      controller.abort();
      await new Promise<never>(() => undefined);
    }
    const received: number[] = [];
    const consume = async () => {
      for await (const chunk of abortableChunks(aborting(), controller.signal)) received.push(chunk.length);
    };
    await expect(consume()).rejects.toMatchObject({ kind: 'aborted' });
    expect(received).toEqual([1]);
  });
});
