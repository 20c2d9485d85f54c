/**
 * Runs `task` for each item with at most `limit` running at once. Items are pulled only when a
 * slot is free, so a paged listing is never read ahead. After the first failure (of a task or of
 * the items themselves) no new task starts; the running ones settle, then that failure is thrown.
 */
export async function forEachBounded<T>(
  items: AsyncIterable<T> | Iterable<T>,
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
