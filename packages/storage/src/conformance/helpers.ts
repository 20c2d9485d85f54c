/** Small test helpers: sources that succeed, fail or abort, and readers that never need a whole large file. */
import type { Readable } from 'node:stream';
import { expect } from 'vitest';
import type { StorageErrorKind } from '../errors.js';
import { createIncrementalHash } from '../hashing.js';
import type { Entry, ReadOptions, StorageDriver, WriteOptions, WriteResult } from '../types.js';

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

export async function* chunksOf(...parts: string[]): AsyncGenerator<Uint8Array, void, undefined> {
  for (const part of parts) yield bytes(part);
}

/** Yields `parts`, then throws `error` (a data connection that breaks mid-transfer). */
export async function* failingAfter(parts: string[], error: Error): AsyncGenerator<Uint8Array, void, undefined> {
  yield* chunksOf(...parts);
  throw error;
}

/**
 * Yields `parts`, then aborts `controller` and never yields again: only a driver that watches the
 * signal while it waits for data can end this upload.
 */
export async function* abortingAfter(
  parts: string[],
  controller: AbortController,
): AsyncGenerator<Uint8Array, void, undefined> {
  yield* chunksOf(...parts);
  controller.abort(new Error('transfer aborted by the test'));
  await new Promise<never>(() => undefined);
}

export function put(driver: StorageDriver, path: string, content: string, options?: WriteOptions): Promise<WriteResult> {
  return driver.write(path, chunksOf(content), options);
}

/** Decodes a stream of UTF-8 bytes (strictly: a stray byte fails the test). */
export async function streamText(stream: Readable): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  for await (const chunk of stream as AsyncIterable<unknown>) {
    expect(chunk).toBeInstanceOf(Uint8Array);
    text += decoder.decode(chunk as Uint8Array, { stream: true });
  }
  return text + decoder.decode();
}

export async function readText(driver: StorageDriver, path: string, options?: ReadOptions): Promise<string> {
  return streamText(await driver.read(path, options));
}

/** SHA-256 and length of a stream, computed chunk by chunk. */
export async function streamDigest(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createIncrementalHash('SHA-256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: hash.digest(), size };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Entries reduced to what every driver must agree on, sorted by name (listing order is unspecified). */
export async function listed(driver: StorageDriver, path: string): Promise<Pick<Entry, 'name' | 'type' | 'size'>[]> {
  const entries = await collect(driver.list(path));
  return entries
    .map(({ name, type, size }) => ({ name, type, size }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export const file = (name: string, size: number) => ({ name, type: 'file' as const, size });
export const dir = (name: string) => ({ name, type: 'dir' as const, size: 0 });

/** The operation rejects with a StorageError of `kind`. */
export async function expectKind(operation: Promise<unknown>, kind: StorageErrorKind): Promise<void> {
  await expect(operation).rejects.toMatchObject({ name: 'StorageError', kind });
}

export async function expectMissing(driver: StorageDriver, path: string): Promise<void> {
  await expectKind(driver.stat(path), 'not-found');
}

/** The operation rejects with `cause` itself, or with an error that names it in its `cause` chain. */
export async function expectFailureFrom(operation: Promise<unknown>, cause: Error): Promise<void> {
  const error = await operation.then(
    () => expect.fail('expected the upload to reject'),
    (rejection: unknown) => rejection,
  );
  expect(causeChain(error)).toContain(cause);
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 10; ) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

export interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

export function deferred(): Deferred {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** Runs `task(0..count-1)` with at most `limit` in flight. */
export async function inParallel(count: number, limit: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
