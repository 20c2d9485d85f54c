/**
 * Reading an upload's source under an AbortSignal. Every driver uses the same helpers, so all of
 * them stop at the same point and know exactly which bytes they received before a failure.
 */
import { aborted } from './errors.js';

/** Throws `aborted` when `signal` has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw aborted(signal.reason);
}

/**
 * Calls `listener` once when `signal` aborts — at once when it already has — and returns the
 * function that stops listening. Every step of a transfer that waits under a signal listens this way.
 */
export function whenAborted(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    listener();
    return () => undefined;
  }
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

const ABORTED = Symbol('aborted');

/**
 * Yields the chunks of `source` in order. A failing source's error is rethrown as is; an abort of
 * `signal` throws `aborted`, even while the source is still waiting for data. When iteration stops
 * early, the source is closed (its `return()` is called) without waiting for it.
 */
export async function* abortableChunks(
  source: AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      throwIfAborted(signal);
      const next = iterator.next();
      // The source may fail after an abort won the race; that late failure is expected.
      next.catch(() => undefined);
      const step = signal ? await nextOrAbort(next, signal) : await next;
      if (step === ABORTED) throw aborted(signal?.reason);
      if (step.done) {
        finished = true;
        throwIfAborted(signal);
        return;
      }
      yield step.value;
    }
  } finally {
    if (!finished) void closeQuietly(iterator);
  }
}

/** How a source ended: completely, or with its own failure (its error, or `aborted`). */
export type ReceiveOutcome = { readonly ok: true } | { readonly ok: false; readonly failure: unknown };

/**
 * Hands each chunk of `source` to `accept`, awaiting it before pulling the next one (backpressure),
 * and reports how the source ended instead of throwing, so a driver can apply its partial-upload
 * policy to exactly the chunks accepted. Errors thrown by `accept` (the driver's own I/O) propagate.
 */
export async function receiveChunks(
  source: AsyncIterable<Uint8Array>,
  signal: AbortSignal | undefined,
  accept: (chunk: Uint8Array) => void | Promise<void>,
): Promise<ReceiveOutcome> {
  const chunks = abortableChunks(source, signal);
  try {
    for (;;) {
      let step: IteratorResult<Uint8Array, void>;
      try {
        step = await chunks.next();
      } catch (failure) {
        return { ok: false, failure };
      }
      if (step.done) return { ok: true };
      await accept(step.value);
    }
  } finally {
    await chunks.return(undefined);
  }
}

/**
 * The next step, or ABORTED if the signal fires first. A fresh listener per step, removed as soon as
 * the step settles: racing every step against one long-lived promise would keep every chunk
 * reachable (each race leaves a reaction on it) until the upload ends.
 */
function nextOrAbort<T>(next: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  return new Promise((resolve, reject) => {
    // The source may itself have aborted the signal while producing this step (before we listened).
    const stop = whenAborted(signal, () => resolve(ABORTED));
    next.then(
      (step) => {
        stop();
        resolve(step);
      },
      (error: unknown) => {
        stop();
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a source's own failure is passed on unchanged
        reject(error);
      },
    );
  });
}

async function closeQuietly(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The source is being abandoned; how it fails to close changes nothing.
  }
}

/**
 * How an upload's source ended once `beforeCommit` (WriteOptions) had its say: a clean end whose
 * check rejects, or after which the signal fired, becomes a failure. Drivers call this after
 * staging the bytes and right before the commit.
 */
export async function checkBeforeCommit(
  outcome: ReceiveOutcome,
  { beforeCommit, signal }: { readonly beforeCommit?: () => Promise<void>; readonly signal?: AbortSignal },
): Promise<ReceiveOutcome> {
  if (!outcome.ok) return outcome;
  try {
    await beforeCommit?.();
    throwIfAborted(signal);
    return outcome;
  } catch (failure) {
    return { ok: false, failure };
  }
}

/**
 * For drivers that commit as their source ends (one request carries the bytes and the commit): the
 * chunks of `source`, then `beforeCommit`, whose rejection is the source's failure.
 */
export async function* checkedAtEnd(
  source: AsyncIterable<Uint8Array>,
  beforeCommit: (() => Promise<void>) | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  yield* source;
  await beforeCommit?.();
}
