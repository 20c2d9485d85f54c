/** Whole milliseconds since `started` (a performance.now() reading). */
export function elapsedMs(started: number): number {
  return Math.round(performance.now() - started);
}
