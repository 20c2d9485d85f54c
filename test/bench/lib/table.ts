/** The Markdown rendering of a report: where it ran, one table of results, then what was unavailable or failed. */
import type { BenchReport } from './harness.js';
import type { ResultRow, ScenarioProblem } from './results.js';
import { formatBytes } from './sizes.js';

const HEADER = ['Scenario', 'Metric', 'bucketftp', 'Peer', 'Peer value', 'Ratio', 'Goal'];

export function markdownTable(rows: readonly ResultRow[]): string {
  const lines = [line(HEADER), line(['---', '---', '---:', '---', '---:', '---:', '---'])];
  for (const row of rows) {
    lines.push(
      line([
        row.group,
        `${row.metric} (${row.unit}, ${row.better} is better)`,
        formatNumber(row.ours),
        row.peer ?? '—',
        row.peer === undefined ? '—' : formatNumber(row.peerValue),
        row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`,
        formatGoal(row),
      ]),
    );
  }
  return lines.join('\n');
}

export function markdownProblems(title: string, problems: readonly ScenarioProblem[]): string {
  if (problems.length === 0) return '';
  return [`**${title}**`, '', ...problems.map((problem) => `- \`${problem.scenario}\`: ${problem.reason}`)].join('\n');
}

function line(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}

export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatGoal(row: ResultRow): string {
  if (!row.goal) return '';
  const target = row.goal.kind === 'min-ratio' ? `ratio ≥ ${row.goal.value}` : `≤ ${row.goal.value} ${row.unit}`;
  const verdict = row.goalMet === undefined ? '' : row.goalMet ? ': met' : ': missed';
  return `${target}${verdict}`;
}

export function renderMarkdown(report: BenchReport): string {
  const { machine } = report;
  const header = [
    `Median of ${report.runs} run(s); big file ${formatBytes(report.sizes.bigFileBytes)}; ${report.durationSeconds} s in all.`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, Linux ${machine.kernel}, Node ${machine.node}; ` +
      `load average ${machine.loadAverage.join(' / ')} at the start, ${report.loadAverageAtEnd.join(' / ')} at the end.`,
    `Code: ${machine.commit}.${report.staleBuilds.length > 0 ? ` Stale builds (sources newer than dist/): ${report.staleBuilds.join(', ')}.` : ''}`,
    'Ratio above 1: bucketftp did better than the peer.',
    ...(report.profiled ? ['bucketftp ran under the CPU profiler (--cpu-prof): its numbers are not comparable.'] : []),
  ];
  return [
    header.join('\n'),
    markdownTable(report.rows),
    markdownProblems('Not available', report.unavailable),
    markdownProblems('Failed', report.failures),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}
