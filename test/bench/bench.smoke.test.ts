/**
 * The benchmark harness at a tiny size, so it cannot rot: every scenario runs once against real
 * servers and emulators, every transfer is compared byte for byte, and every row gets a number.
 * No timing is asserted — speed is what `npm run bench` reports, not what CI judges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runBench, type BenchReport } from './lib/harness.js';
import { OURS, OURS_DURABLE } from './lib/results.js';
import { CEILING } from './servers/ceiling.js';
import { SCENARIOS } from './lib/scenarios.js';
import { SMOKE_SIZES } from './lib/sizes.js';
import { renderMarkdown } from './lib/table.js';
import { COUNTED_UNITS } from './lib/cpu.js';

/** Peers each scenario compares bucketftp with. */
const PEERS: Record<string, readonly string[]> = {
  'fs-transfer': ['pyftpdlib', 'ftp-srv', OURS_DURABLE, CEILING],
  's3-transfer': ['aws-sdk', CEILING],
  'gcs-transfer': ['gcs-sdk', CEILING],
  listing: ['pyftpdlib'],
  concurrent: ['pyftpdlib'],
  'small-files': ['pyftpdlib', OURS_DURABLE],
  'connect-per-file': ['pyftpdlib', 'aws-sdk', 'gcs-sdk'],
  logins: ['pyftpdlib'],
};

/**
 * Big-file copies checked in one run: fs (3 servers × RETR + STOR, a STOR to bucketftp-durable,
 * the ceiling's GET + PUT, then bucketftp's memory pass: RETR + STOR) + S3 and GCS (each 2 × SDK
 * + 2 × bucketftp + 2 × ceiling). The smoke run leaves out the Go peers (SFTPGo, rclone).
 */
const BIG_COPIES = 6 + 1 + 2 + 2 + 6 + 6;

describe('benchmark harness (smoke sizes)', () => {
  let report: BenchReport;

  beforeAll(async () => {
    report = await runBench({ sizes: SMOKE_SIZES, runs: 1, peers: false });
  }, 300_000);

  it('runs every scenario to completion (a missing tool or emulator is a failure, not a skip)', () => {
    expect(report.failures).toEqual([]);
    expect(report.unavailable).toEqual([]);
    expect(report.scenarios).toEqual(SCENARIOS.map((scenario) => scenario.id));
  });

  it('compared every big-file copy in full, byte for byte', () => {
    expect(report.verification.copies).toBe(BIG_COPIES);
    expect(report.verification.copiedBytes).toBe(BIG_COPIES * SMOKE_SIZES.bigFileBytes);
    expect(report.verification.comparedBytes).toBe(report.verification.copiedBytes);
  });

  it('has one positive sample per run for every measurement', () => {
    expect(report.measurements.length).toBeGreaterThan(0);
    for (const measurement of report.measurements) {
      const label = `${measurement.group} / ${measurement.metric} / ${measurement.contestant}`;
      expect(measurement.samples, label).toHaveLength(1);
      // CPU time is counted in 10 ms ticks, context switches one by one: a smoke-sized pass may have none.
      if (COUNTED_UNITS.has(measurement.unit)) expect(measurement.median, label).toBeGreaterThanOrEqual(0);
      else expect(measurement.median, label).toBeGreaterThan(0);
      expect(Number.isFinite(measurement.median), label).toBe(true);
    }
  });

  it('pairs bucketftp with each peer and derives a ratio for every row that has one', () => {
    const peers = new Set(report.rows.flatMap((row) => (row.peer === undefined ? [] : [row.peer])));
    expect([...peers].sort()).toEqual([...new Set(Object.values(PEERS).flat())].sort());
    for (const row of report.rows.filter((candidate) => !COUNTED_UNITS.has(candidate.unit))) {
      expect(row.ours, `${row.group} / ${row.metric}`).toBeGreaterThan(0);
      if (row.peer !== undefined) {
        expect(row.peerValue).toBeGreaterThan(0);
        expect(row.ratio).toBeGreaterThan(0);
      }
      if (row.goal) expect(typeof row.goalMet).toBe('boolean');
    }
    expect(report.measurements.filter((measurement) => measurement.contestant === OURS).length).toBeGreaterThan(0);
  });

  it('renders a Markdown table with a line per row', () => {
    const markdown = renderMarkdown(report);
    const tableLines = markdown.split('\n').filter((line) => line.startsWith('| '));
    expect(tableLines).toHaveLength(report.rows.length + 2);
    expect(markdown).toContain(report.machine.cpu);
  });
});
