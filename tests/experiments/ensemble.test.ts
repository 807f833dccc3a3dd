import { describe, expect, it } from 'vitest';
import { meanCI, pairedDifference, pairedTimeToEvent, timeToEvent } from '../../src/analysis/statistics.ts';
import type { ReadoutSpec } from '../../src/model/types.ts';
import { compareEnsembles, ensembleTimeseriesCsv, type ArmRuns } from '../../src/experiments/ensemble.ts';
import type { RunResult } from '../../src/experiments/runJob.ts';

const closure: ReadoutSpec = { name: 'closure', unit: '%', definition: 'c', reduction: { kind: 'percentReduction', of: 'area' } };
const t50: ReadoutSpec = { name: 't50', unit: 'day', definition: 't', reduction: { kind: 'timeTo', of: 'closure', threshold: 50, direction: 'rising' } };
const days = [0, 1, 2];

function run(arm: string, seed: number, closureCol: number[], t50Col: number[]): RunResult {
  return { arm, seed, days, names: ['closure', 't50'], columns: [closureCol, t50Col], steps: 576, peakAgents: 1, wallSeconds: 1 };
}

const untreated: ArmRuns = {
  arm: 'untreated',
  runs: [run('untreated', 1, [0, 20, 40], [NaN, NaN, NaN]), run('untreated', 2, [0, 30, 60], [NaN, NaN, 1.67]), run('untreated', 3, [0, 25, 45], [NaN, NaN, NaN])],
};
const treated: ArmRuns = {
  arm: 'treated',
  runs: [run('treated', 1, [0, 40, 70], [NaN, NaN, 1.5]), run('treated', 2, [0, 45, 80], [NaN, NaN, 1.2]), run('treated', 3, [0, 50, 75], [NaN, 1, 1])],
};

describe('ensemble statistics of arms over seeds', () => {
  it('writes per day the mean and CI, time-to-event as the restricted mean up to that day', () => {
    const lines = ensembleTimeseriesCsv(treated, [closure, t50]).trim().split('\n');
    expect(lines[0]).toBe('day,closure,closure_lo,closure_hi,t50,t50_lo,t50_hi');
    const last = lines[3].split(',').map(Number);
    const e = meanCI([70, 80, 75]);
    expect(last.slice(1, 4)).toEqual([e.mean, e.lo, e.hi]);
    const day1 = lines[2].split(',').map(Number);
    expect(day1[4]).toBeCloseTo((1 + 1 + 1) / 3, 12); // min(T, 1) for T = none, none, 1
  });

  it('compares final values, window means and paired differences; censored times are handled as restricted means', () => {
    const c = compareEnsembles([untreated, treated], [closure, t50], [{ from_day: 1, to_day: 2 }]);
    expect(c.reference_arm).toBe('untreated');
    expect(c.seeds).toEqual([1, 2, 3]);
    const cl = c.readouts.closure;
    expect(cl.arms.treated.final).toEqual(meanCI([70, 80, 75]));
    expect(cl.arms.untreated.windows[0].estimate).toEqual(meanCI([30, 45, 35]));
    expect(cl.difference_from_reference.treated.final).toEqual(pairedDifference([70, 80, 75], [40, 60, 45]));
    expect(cl.difference_from_reference.treated.windows[0].difference).toEqual(pairedDifference([55, 62.5, 62.5], [30, 45, 35]));
    const t = c.readouts.t50;
    expect(t.arms.untreated.final).toEqual(timeToEvent([null, 1.67, null], 2));
    expect(t.difference_from_reference.treated.final).toEqual(pairedTimeToEvent([1.5, 1.2, 1], [null, 1.67, null], 2));
    expect(t.arms.treated.windows[0].estimate).toBeNull();
  });

  it('refuses ensembles whose arms ran different seeds or output days', () => {
    const other: ArmRuns = { arm: 'x', runs: treated.runs.map((r) => ({ ...r, seed: r.seed + 10 })) };
    expect(() => compareEnsembles([untreated, other], [closure], [])).toThrow(/ran seeds/);
    const shorter: ArmRuns = { arm: 'y', runs: treated.runs.map((r) => ({ ...r, days: [0, 1] })) };
    expect(() => compareEnsembles([untreated, shorter], [closure], [])).toThrow(/output days differ/);
  });
});
