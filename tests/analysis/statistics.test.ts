import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  excludesZero,
  hedgesCorrection,
  holmAdjust,
  kaplanMeier,
  meanCI,
  pairedDifference,
  pairedTimeToEvent,
  tQuantile,
  timeToEvent,
  welchTest,
} from '../../src/analysis/statistics.ts';

/** Standard normal draws (Box–Muller) from a seeded generator. */
function normals(rng: () => number, n: number): number[] {
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
}

describe('tQuantile', () => {
  it('matches tabulated two-sided 95 % Student t quantiles', () => {
    expect(tQuantile(0.95, 7)).toBeCloseTo(2.3646, 4);
    expect(tQuantile(0.95, 1)).toBeCloseTo(12.706, 3);
    expect(tQuantile(0.99, 4)).toBeCloseTo(4.6041, 4);
    expect(tQuantile(0.95, 1e6)).toBeCloseTo(1.96, 2);
  });

  it('rejects a level outside (0, 1)', () => {
    expect(() => tQuantile(95, 3)).toThrow(/level/);
    expect(() => meanCI([1, 2], 0)).toThrow(/level/);
  });
});

describe('meanCI', () => {
  it('matches a hand computation', () => {
    // mean 5; squared deviations sum to 32, sd = sqrt(32/7) = 2.138090; se = sd/sqrt(8) = 0.755929;
    // half-width = 2.364624 × 0.755929 = 1.787491.
    const e = meanCI([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(e.n).toBe(8);
    expect(e.mean).toBe(5);
    expect(e.sd).toBeCloseTo(2.13809, 5);
    expect(e.lo).toBeCloseTo(3.212509, 5);
    expect(e.hi).toBeCloseTo(6.787491, 5);
  });

  it('has no spread or interval for n = 1, and nothing for n = 0', () => {
    const one = meanCI([3.5]);
    expect(one.mean).toBe(3.5);
    expect(one.sd).toBeNaN();
    expect(one.lo).toBeNaN();
    expect(one.hi).toBeNaN();
    expect(meanCI([]).mean).toBeNaN();
  });

  it('has sd exactly 0 and a zero-width interval when all values are equal', () => {
    expect(meanCI([0.1, 0.1, 0.1])).toEqual({ n: 3, mean: 0.1, sd: 0, lo: 0.1, hi: 0.1 });
  });

  it('throws naming the index of a non-finite value', () => {
    expect(() => meanCI([1, 2, NaN])).toThrow(/index 2/);
    expect(() => meanCI([Infinity])).toThrow(/index 0/);
  });

  it('covers the true mean about 95 % of the time at n = 5 (a normal quantile would give about 88 %)', () => {
    const rng = seedrandom('statistics:coverage');
    const trials = 4000;
    let covered = 0;
    for (let k = 0; k < trials; k++) {
      const e = meanCI(normals(rng, 5).map((z) => 10 + 2 * z));
      if (e.lo <= 10 && 10 <= e.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.935);
    expect(covered / trials).toBeLessThan(0.965);
  });

  it('contains the mean and widens with the level (property)', () => {
    const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(sample, (values) => {
        const e80 = meanCI(values, 0.8);
        const e95 = meanCI(values, 0.95);
        const e99 = meanCI(values, 0.99);
        for (const e of [e80, e95, e99]) expect(e.lo <= e.mean && e.mean <= e.hi).toBe(true);
        expect(e95.hi - e95.lo).toBeGreaterThanOrEqual(e80.hi - e80.lo);
        expect(e99.hi - e99.lo).toBeGreaterThanOrEqual(e95.hi - e95.lo);
        if (e95.sd > 0) expect(e99.hi - e99.lo).toBeGreaterThan(e80.hi - e80.lo);
      }),
    );
  });
});

describe('pairedDifference', () => {
  it('is the mean CI of the differences, with the Hedges-corrected d_z', () => {
    // Differences 1, 2, 3, 4: mean 2.5, sd sqrt(5/3) = 1.290994, d_z = 1.936492, J = 1 - 3/11 = 8/11.
    const p = pairedDifference([11, 12, 13, 14], [10, 10, 10, 10]);
    const direct = meanCI([1, 2, 3, 4]);
    expect(p.mean).toBe(2.5);
    expect(p.lo).toBeCloseTo(direct.lo, 12);
    expect(p.hi).toBeCloseTo(direct.hi, 12);
    expect(p.effect_size).toBeCloseTo((2.5 / Math.sqrt(5 / 3)) * (8 / 11), 12);
    expect(p.effect_size).toBeCloseTo(1.408358, 5);
  });

  it('Hedges correction: 1 - 3/(4 df - 1), approaching 1 for many pairs', () => {
    expect(hedgesCorrection(3)).toBeCloseTo(8 / 11, 14);
    expect(hedgesCorrection(1)).toBe(0);
    expect(hedgesCorrection(1000)).toBeGreaterThan(0.999);
  });

  it('is narrower than the unpaired interval when the arms are correlated (common random numbers)', () => {
    const rng = seedrandom('statistics:paired');
    const seedEffect = normals(rng, 10).map((z) => 50 + 10 * z); // large seed-to-seed spread shared by both arms
    const reference = seedEffect.map((x) => x + normals(rng, 1)[0]);
    const treated = seedEffect.map((x) => x + 2 + normals(rng, 1)[0]);
    const paired = pairedDifference(treated, reference);
    const a = meanCI(treated);
    const b = meanCI(reference);
    const unpairedHalf = tQuantile(0.95, 18) * Math.sqrt(a.sd ** 2 / 10 + b.sd ** 2 / 10);
    expect(paired.hi - paired.lo).toBeLessThan(unpairedHalf); // less than half the unpaired width
    expect(excludesZero(paired, 'increase')).toBe(true);
    expect(a.mean - b.mean - unpairedHalf).toBeLessThan(0); // the unpaired interval cannot tell
  });

  it('effect size: 0 for no difference, null for a constant non-zero difference or fewer than 3 pairs', () => {
    const two = pairedDifference([2, 5], [1, 3]);
    expect(two.mean).toBe(1.5);
    expect(two.effect_size).toBeNull();
    expect(pairedDifference([1, 2, 3], [1, 2, 3]).effect_size).toBe(0);
    const constant = pairedDifference([1.1, 2.1, 3.1], [0.1, 1.1, 2.1]);
    expect(constant.sd).toBe(0);
    expect(constant.effect_size).toBeNull();
    const single = pairedDifference([2], [1]);
    expect(single.mean).toBe(1);
    expect(single.lo).toBeNaN();
    expect(single.effect_size).toBeNull();
  });

  it('throws on a length mismatch, no pairs, or a non-finite value', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/2 treated values but 1 reference/);
    expect(() => pairedDifference([], [])).toThrow(/no pairs/);
    expect(() => pairedDifference([1, 2], [1, NaN])).toThrow(/reference value at index 1/);
  });
});

describe('timeToEvent', () => {
  it('computes the Kaplan–Meier curve and median of a hand-worked example with ties and censoring', () => {
    // Events at 1, 2, 2, 3; two runs censored at tau = 5.
    // S(1) = 5/6; S(2) = 5/6 × (1 - 2/5) = 1/2; S(3) = 1/2 × (1 - 1/3) = 1/3.
    const times = [2, null, 1, 3, null, 2];
    const curve = kaplanMeier(times, 5);
    expect(curve.map((s) => [s.time, s.at_risk, s.events])).toEqual([
      [1, 6, 1],
      [2, 5, 2],
      [3, 3, 1],
    ]);
    expect(curve[0].survival).toBeCloseTo(5 / 6, 14);
    expect(curve[1].survival).toBeCloseTo(1 / 2, 14);
    expect(curve[2].survival).toBeCloseTo(1 / 3, 14);
    const summary = timeToEvent(times, 5);
    expect(summary).toMatchObject({ n: 6, events: 4, censored: 2, tau: 5, km_median: 2 });
    // Restricted mean = (1 + 2 + 2 + 3 + 5 + 5)/6 = 3 = area under S up to tau: 1 + 5/6 + 1/2 + 2 × 1/3.
    expect(summary.restricted_mean.mean).toBeCloseTo(3, 14);
    expect(summary.restricted_mean.n).toBe(6);
  });

  it('has no median when more than half are censored, and one when exactly half are', () => {
    expect(timeToEvent([1, null, null], 4).km_median).toBeNull();
    expect(timeToEvent([1, 2, null, null], 4).km_median).toBe(2);
    const none = timeToEvent([null, null], 4);
    expect(none).toMatchObject({ events: 0, censored: 2, km_median: null });
    expect(none.restricted_mean).toMatchObject({ mean: 4, sd: 0, lo: 4, hi: 4 });
  });

  it('equals the plain median without censoring (odd n), the lower middle value for even n (property)', () => {
    const times = fc.array(fc.integer({ min: 0, max: 40 }).map((q) => q / 4), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(times, (ts) => {
        const sorted = [...ts].sort((a, b) => a - b);
        const n = ts.length;
        const expected = n % 2 === 1 ? sorted[(n - 1) / 2] : sorted[n / 2 - 1];
        expect(timeToEvent(ts, 10).km_median).toBe(expected);
      }),
    );
  });

  it('restricted mean is the area under the Kaplan–Meier curve up to tau (property)', () => {
    const times = fc.array(fc.option(fc.double({ min: 0, max: 7, noNaN: true }), { nil: null }), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(times, (ts) => {
        let area = 0;
        let t0 = 0;
        let s = 1;
        for (const step of kaplanMeier(ts, 7)) {
          area += s * (step.time - t0);
          [t0, s] = [step.time, step.survival];
        }
        area += s * (7 - t0);
        expect(timeToEvent(ts, 7).restricted_mean.mean).toBeCloseTo(area, 9);
      }),
    );
  });

  it('throws on a time outside [0, tau] or non-finite, naming the index', () => {
    expect(() => timeToEvent([1, 6], 5)).toThrow(/index 1/);
    expect(() => timeToEvent([-1], 5)).toThrow(/index 0/);
    expect(() => timeToEvent([NaN], 5)).toThrow(/index 0/);
    expect(() => timeToEvent([1], Infinity)).toThrow(/tau/);
  });
});

describe('pairedTimeToEvent', () => {
  it('differences min(T, tau) seed by seed', () => {
    // Differences -1, -2, 0 (both censored → tau - tau): mean -1, sd 1, d_z = -1 × J(2) = -1 × (1 - 3/7).
    const p = pairedTimeToEvent([2, 3, null], [3, 5, null], 6);
    expect(p.mean).toBeCloseTo(-1, 14);
    expect(p.sd).toBeCloseTo(1, 14);
    expect(p.hi).toBeCloseTo(-1 + 4.302653 / Math.sqrt(3), 5);
    expect(p.effect_size).toBeCloseTo(-4 / 7, 12);
    expect(excludesZero(p, 'decrease')).toBe(false);
    expect(pairedTimeToEvent([1, 2], [null, null], 6).mean).toBe(-4.5); // censored reference counts as tau
    expect(() => pairedTimeToEvent([7], [1], 6)).toThrow(/treated.*index 0/);
  });
});

describe('excludesZero', () => {
  it('checks the bound on the expected side only', () => {
    expect(excludesZero({ lo: 0.1, hi: 2 }, 'increase')).toBe(true);
    expect(excludesZero({ lo: 0.1, hi: 2 }, 'decrease')).toBe(false);
    expect(excludesZero({ lo: -2, hi: -0.1 }, 'decrease')).toBe(true);
    expect(excludesZero({ lo: 0, hi: 2 }, 'increase')).toBe(false);
    expect(excludesZero({ lo: NaN, hi: NaN }, 'increase')).toBe(false);
  });
});

describe('welchTest', () => {
  it('gives the Welch t, df and p of a worked example', () => {
    // means 19.78 and 21.86, sample variances 0.847 and 2.203 (worked by hand):
    // t = -2.08 / sqrt(0.847/5 + 2.203/5) = -2.663, df = 0.61² / ((0.1694² + 0.4406²) / 4) = 6.68
    const r = welchTest([19.1, 20.3, 18.7, 21.0, 19.8], [21.5, 22.9, 20.1, 23.8, 21.0]);
    expect(r.t).toBeCloseTo(-2.663, 3);
    expect(r.df).toBeCloseTo(6.68, 2);
    expect(r.p).toBeGreaterThan(0.02);
    expect(r.p).toBeLessThan(0.05);
  });

  it('has about alpha false rejections under the null and power against a shift', () => {
    const rng = seedrandom('welch');
    let nullRejects = 0;
    let shiftRejects = 0;
    for (let k = 0; k < 2000; k++) {
      const a = normals(rng, 8);
      const b = normals(rng, 8).map((x) => 2 * x);
      if (welchTest(a, b).p < 0.05) nullRejects++;
      if (welchTest(a, b.map((x) => x + 3)).p < 0.05) shiftRejects++;
    }
    expect(nullRejects / 2000).toBeGreaterThan(0.03);
    expect(nullRejects / 2000).toBeLessThan(0.07);
    expect(shiftRejects / 2000).toBeGreaterThan(0.8);
  });
});

describe('holmAdjust', () => {
  it('multiplies the k-th smallest p by m - k + 1, keeps the order monotone, caps at 1', () => {
    expect(holmAdjust([0.01, 0.04, 0.03, 0.5])).toEqual([0.04, 0.09, 0.09, 0.5]);
    expect(holmAdjust([0.6, 0.5])).toEqual([1, 1]);
  });
});
