import { describe, expect, it } from 'vitest';
import { parseVary, shardJobs, sweepJobs } from '../../src/experiments/sweepGrid.ts';
import { mergeSweeps, readSweepCsv, sweepCsv, type SweepManifest, type SweepRow } from '../../src/experiments/sweepTable.ts';

const vary = [parseVary('arms.treated.doses.0.amount=0,50'), parseVary('regions.defect.center_um=[1,2],[3,4]')];
const manifest: SweepManifest = {
  scenario: 's',
  scenario_sha256: 'h',
  arm: 'treated',
  overrides: [],
  vary,
  seeds: [1, 2],
  readouts: ['closure', 't50'],
  units: { closure: '%', t50: 'day' },
  time_to_event: ['t50'],
  tau_days: 14,
  jobs_total: 8,
  shard: null,
};
const rows: SweepRow[] = sweepJobs(vary, [1, 2]).map((job) => ({ job, finals: [job.index * 1.5, job.index % 3 === 0 ? Number.NaN : job.index / 7] }));

describe('sweep.csv and merge', () => {
  it('round-trips through CSV, quoting values that hold commas, empty cells for undefined values', () => {
    const text = sweepCsv(manifest, rows);
    expect(text.split('\n')[0]).toBe('arms.treated.doses.0.amount,regions.defect.center_um,seed,closure,t50');
    expect(text.split('\n')[1]).toBe('0,"[1,2]",1,0,');
    const back = readSweepCsv(manifest, text, 'x');
    expect(back.map((r) => r.job.index)).toEqual(rows.map((r) => r.job.index));
    expect(back.map((r) => r.finals)).toEqual(rows.map((r) => r.finals));
  });

  it('merging shards in any order gives the unsharded table', () => {
    const parts = [2, 1, 3].map((i) => ({ source: `shard${i}`, manifest: { ...manifest, shard: { index: i, count: 3 } }, rows: shardJobs(rows.map((r) => r.job), { index: i, count: 3 }).map((j) => rows[j.index]) }));
    const merged = mergeSweeps(parts);
    expect(sweepCsv(merged.manifest, merged.rows)).toBe(sweepCsv(manifest, rows));
    expect(merged.manifest.shard).toBeNull();
  });

  it('refuses overlapping, missing and foreign shards', () => {
    const half = (i: number) => ({ source: `s${i}`, manifest: { ...manifest, shard: { index: i, count: 2 } }, rows: rows.filter((r) => r.job.index % 2 === i - 1) });
    expect(() => mergeSweeps([half(1)])).toThrow(/4 of 8 runs are missing/);
    expect(() => mergeSweeps([half(1), half(1), half(2)])).toThrow(/appears in both/);
    expect(() => mergeSweeps([half(1), { ...half(2), manifest: { ...half(2).manifest, arm: 'untreated' } }])).toThrow(/not a shard of the same sweep/);
    expect(() => readSweepCsv(manifest, 'a,b\n1,2\n', 'f.csv')).toThrow(/f.csv: expected the header/);
    expect(() => readSweepCsv(manifest, `${sweepCsv(manifest, []).trim()}\n9,"[1,2]",1,0,\n`, 'f.csv')).toThrow(/row 2/);
  });
});
