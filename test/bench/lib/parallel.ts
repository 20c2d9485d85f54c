/** Bounded concurrency for the bench's own set-up work (writing test files and objects, uploading parts). */
/** Runs `task(0 … count-1)` with at most `limit` running at once. */
export async function inParallel(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
