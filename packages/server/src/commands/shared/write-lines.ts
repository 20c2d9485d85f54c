/**
 * Streams text lines into a socket with backpressure, batched: lines are collected into writes of
 * up to BATCH_BYTES, and a batch that is not full goes out after BATCH_DELAY_MS at the latest, so
 * a listing becomes a few large writes rather than one per entry (a 20,000-entry LIST was 40,000
 * tiny writes), while its first lines still leave within milliseconds of the first page.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const BATCH_BYTES = 32 * 1024;
const BATCH_DELAY_MS = 5;

export async function writeLines(destination: Writable, lines: AsyncIterable<string>, signal: AbortSignal): Promise<void> {
  let batch = '';
  let timer: NodeJS.Timeout | undefined;
  let drained: Promise<void> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (batch === '') return;
    const ok = destination.write(batch);
    batch = '';
    if (!ok && !drained) {
      drained = once(destination, 'drain', { signal }).then(() => {
        drained = undefined;
      });
      drained.catch(() => undefined); // observed below; an abort must not surface as unhandled
    }
  };
  try {
    for await (const line of lines) {
      signal.throwIfAborted();
      batch += line;
      if (batch.length >= BATCH_BYTES) flush();
      else timer ??= setTimeout(flush, BATCH_DELAY_MS);
      if (drained) await drained;
    }
    // The last batch is handed on before resolving, so "done" means every line was written.
    flush();
  } finally {
    clearTimeout(timer);
  }
}
