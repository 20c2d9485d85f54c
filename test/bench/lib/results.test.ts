import { describe, expect, it } from 'vitest';
import { buildRows, median, OURS, Recorder, type MetricSpec } from './results.js';

const throughput: MetricSpec = { group: 'RETR', metric: 'throughput', unit: 'MiB/s', better: 'higher', goals: [{ kind: 'min-ratio', value: 0.9 }] };
const latency: MetricSpec = { group: 'LIST', metric: 'total', unit: 'ms', better: 'lower' };
const memory: MetricSpec = { group: 'memory', metric: 'peak RSS', unit: 'MiB', better: 'lower', goals: [{ kind: 'max-value', value: 150 }] };

describe('median', () => {
  it('takes the middle sample, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('buildRows', () => {
  it('pairs bucketftp with each peer; a ratio above 1 always means bucketftp did better', () => {
    const recorder = new Recorder();
    for (const [ours, peer, other] of [[90, 100, 45], [80, 100, 40], [100, 100, 50]]) {
      recorder.add(throughput, OURS, ours as number);
      recorder.add(throughput, 'pyftpdlib', peer as number);
      recorder.add(throughput, 'ftp-srv', other as number);
    }
    recorder.add(latency, OURS, 50);
    recorder.add(latency, 'pyftpdlib', 100);
    const rows = buildRows(recorder.measurements());
    expect(rows.map((row) => [row.group, row.peer, row.ours, row.peerValue, row.ratio, row.goalMet])).toEqual([
      ['RETR', 'pyftpdlib', 90, 100, 0.9, true],
      ['RETR', 'ftp-srv', 90, 45, 2, true],
      ['LIST', 'pyftpdlib', 50, 100, 2, undefined],
    ]);
  });

  it('judges a max-value goal on bucketftp alone, in a row without a peer', () => {
    const recorder = new Recorder();
    recorder.add(memory, OURS, 170);
    expect(buildRows(recorder.measurements())).toEqual([{ ...memory, goal: { kind: 'max-value', value: 150 }, ours: 170, goalMet: false }]);
  });

  it('judges a goal against one named peer only in that peer\'s row', () => {
    const stor: MetricSpec = { group: 'STOR', metric: 'throughput', unit: 'MiB/s', better: 'higher', goals: [{ kind: 'min-ratio', value: 0.9, against: 'node ceiling' }] };
    const recorder = new Recorder();
    recorder.add(stor, OURS, 80);
    recorder.add(stor, 'node ceiling', 100);
    recorder.add(stor, 'pyftpdlib', 200);
    expect(buildRows(recorder.measurements()).map((row) => [row.peer, row.goal?.against, row.goalMet])).toEqual([
      ['node ceiling', 'node ceiling', false],
      ['pyftpdlib', undefined, undefined],
    ]);
  });

  it('refuses a sample that is not a number', () => {
    expect(() => new Recorder().add(latency, OURS, Number.NaN)).toThrow(/not a number/);
  });
});
