import { describe, expect, it } from 'vitest';
import { countsAsSource, keptName, planOutput, type RunRequest, type TreeState } from './keep.js';
import { FULL_SIZES, SMOKE_SIZES } from './sizes.js';

const RESULTS = '/repo/test/bench/results';
const STARTED = new Date('2026-12-04T19:30:00Z');
const FULL: RunRequest = { smoke: false, only: undefined, sizes: FULL_SIZES, profiled: false, out: undefined, allowDirty: false };
const CLEAN: TreeState = { commit: '9160c1b', uncommitted: [], staleBuilds: [] };
const EDITED: TreeState = { ...CLEAN, uncommitted: ['packages/storage-fs/src/temp-upload.ts'] };
const STALE: TreeState = { ...CLEAN, staleBuilds: ['packages/storage-fs'] };

describe('planOutput', () => {
  it('keeps a full run of committed, freshly built code as latest.json and a dated copy', () => {
    expect(planOutput(FULL, CLEAN, RESULTS, STARTED)).toEqual({
      kind: 'keep',
      files: [`${RESULTS}/latest.json`, `${RESULTS}/2026-12-04-9160c1b.json`],
    });
  });

  it.each([
    ['--smoke', { smoke: true, sizes: SMOKE_SIZES }, '--smoke'],
    ['--only', { only: ['small-files'] }, '--only'],
    ['--size', { sizes: { ...FULL_SIZES, bigFileBytes: 536_870_912 } }, 'sizes other than the defaults'],
    ['--cpu-prof', { profiled: true }, '--cpu-prof'],
  ])('writes a run with %s to scratch.json only, whatever the tree', (_flag, change, why) => {
    for (const tree of [CLEAN, EDITED]) {
      expect(planOutput({ ...FULL, ...change }, tree, RESULTS, STARTED)).toEqual({
        kind: 'scratch',
        files: [`${RESULTS}/scratch.json`],
        reason: `not a full run (${why})`,
      });
    }
  });

  it('treats an explicit --only of no scenario, or --size of the default, as a full run', () => {
    expect(planOutput({ ...FULL, only: [], sizes: { ...FULL_SIZES } }, CLEAN, RESULTS, STARTED).kind).toBe('keep');
  });

  it.each([
    ['uncommitted changes', EDITED, /uncommitted changes to packages\/storage-fs\/src\/temp-upload\.ts/],
    ['stale builds', STALE, /dist\/ older than the sources of packages\/storage-fs/],
    ['no commit', { ...CLEAN, commit: undefined }, /not a git checkout/],
  ])('refuses a full run with %s unless --allow-dirty', (_what, tree, reason) => {
    const refused = planOutput(FULL, tree, RESULTS, STARTED);
    expect(refused.kind).toBe('refuse');
    expect(refused.kind === 'refuse' && refused.reason).toMatch(reason);
    expect(refused.kind === 'refuse' && refused.reason).toMatch(/--allow-dirty/);
  });

  it('with --allow-dirty runs a dirty tree but keeps nothing: the report goes to scratch.json', () => {
    const plan = planOutput({ ...FULL, allowDirty: true }, { ...EDITED, staleBuilds: ['apps/bucketftp'] }, RESULTS, STARTED);
    expect(plan).toMatchObject({ kind: 'scratch', files: [`${RESULTS}/scratch.json`] });
    expect(plan.kind === 'scratch' && plan.reason).toMatch(/^--allow-dirty: uncommitted changes to .*; dist\/ older than the sources of apps\/bucketftp$/);
  });

  it('never keeps a run with --out, and refuses an --out into the results folder', () => {
    expect(planOutput({ ...FULL, out: '/tmp/mine.json' }, CLEAN, RESULTS, STARTED)).toEqual({
      kind: 'scratch',
      files: ['/tmp/mine.json'],
      reason: '--out given',
    });
    expect(planOutput({ ...FULL, smoke: true, out: '/tmp/mine.json' }, EDITED, RESULTS, STARTED)).toMatchObject({ files: ['/tmp/mine.json'] });
    for (const out of [`${RESULTS}/latest.json`, `${RESULTS}/2026-12-04-9160c1b.json`, RESULTS]) {
      expect(planOutput({ ...FULL, out }, CLEAN, RESULTS, STARTED).kind).toBe('refuse');
    }
    expect(planOutput({ ...FULL, out: `${RESULTS}-old/latest.json` }, CLEAN, RESULTS, STARTED).kind).toBe('scratch');
  });

  it('does not keep a full run in which a scenario failed or could not run', () => {
    expect(planOutput(FULL, CLEAN, RESULTS, STARTED, ['gcs-transfer'])).toEqual({
      kind: 'scratch',
      files: [`${RESULTS}/scratch.json`],
      reason: 'scenarios failed or unavailable: gcs-transfer',
    });
  });
});

describe('keptName', () => {
  it('is the UTC date of the start and the short commit', () => {
    expect(keptName(new Date('2026-12-31T23:59:59Z'), 'abc1234')).toBe('2026-12-31-abc1234.json');
  });
});

describe('countsAsSource', () => {
  it('counts code, manifests and configuration; not Markdown or the results folder', () => {
    expect(['packages/server/src/session.ts', 'package-lock.json', 'test/bench/lib/keep.ts', 'infra/x.tf'].every(countsAsSource)).toBe(true);
    expect(['README.md', 'test/bench/README.md', 'test/bench/results/latest.json'].some(countsAsSource)).toBe(false);
  });
});
