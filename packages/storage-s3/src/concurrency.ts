/**
 * Runs `task` for each item with at most `limit` running at once. Items are pulled only when a
 * slot is free, so a paged listing is never read ahead. After the first failure no new task
 * starts; the running ones settle, then the failure is thrown.
 */
export async function forEachBounded<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const item of items) {
    const run: Promise<void> = task(item)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => running.delete(run));
    running.add(run);
    if (running.size >= limit) await Promise.race(running);
    if (failure) break;
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
