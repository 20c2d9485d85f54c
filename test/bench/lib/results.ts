/**
 * What a benchmark run produces: measurements (every run's sample per contestant) and the table rows
 * derived from them, pairing bucketftp with each peer of the same scenario and metric.
 */
export const OURS = 'bucketftp';
/** bucketftp on a local folder with `durable: true` (fsync per upload), shown as a peer of the default. */
export const OURS_DURABLE = 'bucketftp-durable';

export type Better = 'higher' | 'lower';

/**
 * `min-ratio`: bucketftp must reach this fraction of the peer (of `against` only, when given: the
 * path's ceiling, one named peer); `max-value`: bucketftp's median must stay at or below it.
 */
export interface Goal {
  readonly kind: 'min-ratio' | 'max-value';
  readonly value: number;
  readonly against?: string;
}

export interface MetricSpec {
  /** What was done: "1 GiB RETR, local directory". */
  readonly group: string;
  /** What was measured: "throughput". */
  readonly metric: string;
  readonly unit: string;
  readonly better: Better;
  readonly goals?: readonly Goal[];
}

export interface Measurement extends MetricSpec {
  readonly contestant: string;
  readonly samples: number[];
  readonly median: number;
}

export interface ResultRow extends MetricSpec {
  /** The goal this row is judged by, of the spec's goals. */
  readonly goal?: Goal;
  readonly ours: number | undefined;
  readonly peer?: string;
  readonly peerValue?: number;
  /** Above 1: bucketftp did better (ours/peer for higher-is-better, peer/ours otherwise). */
  readonly ratio?: number;
  readonly goalMet?: boolean;
}

export interface ScenarioProblem {
  readonly scenario: string;
  readonly reason: string;
}

/** Collects samples run by run; medians are taken when the rows are built. */
export class Recorder {
  private readonly bySpec = new Map<string, { spec: MetricSpec; samples: Map<string, number[]> }>();

  add(spec: MetricSpec, contestant: string, value: number): void {
    if (!Number.isFinite(value)) throw new Error(`${spec.group} / ${spec.metric} / ${contestant}: not a number (${value})`);
    const key = `${spec.group}\u0000${spec.metric}`;
    let entry = this.bySpec.get(key);
    if (!entry) {
      entry = { spec, samples: new Map() };
      this.bySpec.set(key, entry);
    }
    const samples = entry.samples.get(contestant) ?? [];
    samples.push(value);
    entry.samples.set(contestant, samples);
  }

  measurements(): Measurement[] {
    return [...this.bySpec.values()].flatMap(({ spec, samples }) =>
      [...samples].map(([contestant, values]) => ({ ...spec, contestant, samples: [...values], median: median(values) })),
    );
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** One row per peer of each (group, metric), or a single row when bucketftp has no peer there. */
export function buildRows(measurements: readonly Measurement[]): ResultRow[] {
  const groups = new Map<string, Measurement[]>();
  for (const measurement of measurements) {
    const key = `${measurement.group}\u0000${measurement.metric}`;
    groups.set(key, [...(groups.get(key) ?? []), measurement]);
  }
  const rows: ResultRow[] = [];
  for (const members of groups.values()) {
    const first = members[0] as Measurement;
    const spec: MetricSpec = { group: first.group, metric: first.metric, unit: first.unit, better: first.better, goals: first.goals };
    const ours = members.find((member) => member.contestant === OURS)?.median;
    const peers = members.filter((member) => member.contestant !== OURS);
    if (peers.length === 0) {
      const goal = goalFor(spec, undefined);
      rows.push({ ...spec, ...(goal ? { goal } : {}), ours, goalMet: goalMet(goal, ours, undefined) });
      continue;
    }
    for (const peer of peers) {
      // A zero (a CPU time below the clock's 10 ms tick) has no meaningful ratio.
      const ratio = ours === undefined || ours === 0 || peer.median === 0 ? undefined : speedRatio(spec.better, ours, peer.median);
      const goal = goalFor(spec, peer.contestant);
      rows.push({ ...spec, ...(goal ? { goal } : {}), ours, peer: peer.contestant, peerValue: peer.median, ratio, goalMet: goalMet(goal, ours, ratio) });
    }
  }
  return rows;
}

/** A max-value goal judges every row; a min-ratio goal the rows of its peer (or of every peer). */
function goalFor(spec: MetricSpec, peer: string | undefined): Goal | undefined {
  return spec.goals?.find((goal) => goal.kind === 'max-value' || (peer !== undefined && (goal.against === undefined || goal.against === peer)));
}

function speedRatio(better: Better, ours: number, peer: number): number {
  return better === 'higher' ? ours / peer : peer / ours;
}

function goalMet(goal: Goal | undefined, ours: number | undefined, ratio: number | undefined): boolean | undefined {
  if (!goal) return undefined;
  if (goal.kind === 'min-ratio') return ratio === undefined ? undefined : ratio >= goal.value;
  return ours === undefined ? undefined : ours <= goal.value;
}
