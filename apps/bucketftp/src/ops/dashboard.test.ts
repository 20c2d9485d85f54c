import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppMetrics } from './metrics.js';
import { UserUsage } from './user-usage.js';

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { expr: string }[];
}

const dashboard = JSON.parse(readFileSync(new URL('../../../../infra/grafana/bucketftp-dashboard.json', import.meta.url), 'utf8')) as {
  panels: Panel[];
};
const metrics = new AppMetrics({ sessionsOpen: () => 0, passivePortsInUse: () => 0, users: () => 0, draining: () => false });
// The opt-in per-user metrics (metrics.perUser) have panels too.
new UserUsage(metrics.registry, { maxUsers: 1 });
const registered = new Set(metrics.registry.getMetricsAsArray().map((metric) => metric.name));
const queried = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

/** Series names in a PromQL expression, histogram suffixes removed. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:bucketftp|process|nodejs)_[a-z0-9_]+)\b/g)].map((match) => match[1]!.replace(/_(bucket|count|sum)$/, ''));
}

describe('the Grafana dashboard', () => {
  it('queries only metrics the server registers', () => {
    const names = queried.flatMap(metricNames);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !registered.has(name))).toEqual([]);
  });

  it('shows every bucketftp metric', () => {
    const shown = new Set(queried.flatMap(metricNames));
    expect([...registered].filter((name) => name.startsWith('bucketftp_') && !shown.has(name))).toEqual([]);
  });

  it('has unique panel ids and a query on every chart', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels.filter((entry) => entry.type !== 'row')) expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
  });
});
