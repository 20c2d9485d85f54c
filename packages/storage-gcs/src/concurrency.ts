/**
 * Runs `task` for each item of a stream with at most `limit` in flight. After the first failure
 * (of a task or of the stream) no new task starts; the running ones are awaited, then the first
 * failure is thrown.
 */
export async function forEachConcurrently<T>(
  items: AsyncIterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { readonly error: unknown } | undefined;
  const fail = (error: unknown): void => {
    failure ??= { error };
  };
  try {
    for await (const item of items) {
      if (failure) break;
      const run: Promise<void> = task(item)
        .catch(fail)
        .finally(() => running.delete(run));
      running.add(run);
      if (running.size >= limit) await Promise.race(running);
    }
  } catch (error) {
    fail(error);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
