/**
 * Streams text lines into a socket with backpressure. Lines produced in the same tick are corked
 * into one write (a listing page becomes a few large writes, not thousands of small ones), and the
 * batch is flushed whenever the source has to wait for the backend, so the first page goes out at once.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export async function writeLines(destination: Writable, lines: AsyncIterable<string>, signal: AbortSignal): Promise<void> {
  let corked = false;
  const uncork = () => {
    corked = false;
    destination.uncork();
  };
  try {
    for await (const line of lines) {
      signal.throwIfAborted();
      if (!corked) {
        corked = true;
        destination.cork();
        process.nextTick(uncork);
      }
      if (!destination.write(line)) await once(destination, 'drain', { signal });
    }
  } finally {
    // The last batch is handed on before resolving, so "done" means every line was written.
    if (corked) uncork();
  }
}
