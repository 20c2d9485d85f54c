/**
 * The order contestants run in, run by run. The machine's speed drifts within a run (up to 2× on
 * the 2-core benchmark machine), so a fixed order would give one contestant the same place every
 * time — always first after the set-up, or always last on a warm page cache. Rotating by one place
 * per run gives each contestant a different place in each of the runs whose median is reported.
 */
export function inTurn<T>(contestants: readonly T[], run: number): T[] {
  if (contestants.length === 0) return [];
  const shift = (run - 1) % contestants.length;
  return [...contestants.slice(shift), ...contestants.slice(0, shift)];
}
