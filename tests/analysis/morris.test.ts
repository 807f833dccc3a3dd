import { describe, expect, it } from 'vitest';
import { morrisDesign, morrisIndices, type MorrisDesign, type MorrisFactor } from '../../src/analysis/morris.ts';

const factors: MorrisFactor[] = [
  { name: 'a', min: 0, max: 1 },
  { name: 'b', min: -5, max: 5 },
  { name: 'c', min: 100, max: 400 },
  { name: 'inert', min: 2, max: 3 },
];

/** Output of f at every design run. */
const evaluate = (design: MorrisDesign, f: (x: number[]) => number): number[] => design.points.map(f);

describe('morrisDesign', () => {
  it('moves every factor exactly once per trajectory by ±delta on the grid, inside the bounds', () => {
    const design = morrisDesign(factors, { trajectories: 12, seed: 7 });
    const k = factors.length;
    expect(design.levels).toBe(4);
    expect(design.delta).toBeCloseTo(2 / 3, 15);
    expect(design.points).toHaveLength(12 * (k + 1));
    expect(design.unit).toHaveLength(12 * (k + 1));
    for (let t = 0; t < 12; t++) {
      const moved: number[] = [];
      for (let j = 0; j < k; j++) {
        const from = design.unit[t * (k + 1) + j];
        const to = design.unit[t * (k + 1) + j + 1];
        const changed = from.flatMap((u, i) => (u !== to[i] ? [i] : []));
        expect(changed).toHaveLength(1);
        expect(Math.abs(to[changed[0]] - from[changed[0]])).toBeCloseTo(design.delta, 12);
        moved.push(changed[0]);
      }
      expect([...moved].sort()).toEqual([0, 1, 2, 3]);
    }
    for (const row of design.unit) {
      for (const u of row) {
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThanOrEqual(1);
        expect(Math.abs(u * 3 - Math.floor(u * 3 + 0.5))).toBeLessThan(1e-12); // on the 4-level grid
      }
    }
    design.points.forEach((row, r) =>
      row.forEach((x, i) => {
        expect(x).toBeCloseTo(factors[i].min + design.unit[r][i] * (factors[i].max - factors[i].min), 9);
        expect(x).toBeGreaterThanOrEqual(factors[i].min);
        expect(x).toBeLessThanOrEqual(factors[i].max);
      }),
    );
  });

  it('uses every grid level and both directions', () => {
    const design = morrisDesign(factors, { trajectories: 40, seed: 'levels' });
    const levels = new Set(design.unit.flatMap((row) => row.map((u) => Math.floor(u * 3 + 0.5))));
    expect([...levels].sort()).toEqual([0, 1, 2, 3]);
    const k = factors.length;
    const up = design.unit.filter((_, r) => r % (k + 1) === 0).flatMap((start, t) => start.map((u, i) => design.unit[t * (k + 1) + k][i] > u));
    expect(up).toContain(true);
    expect(up).toContain(false);
  });

  it('has delta = p / (2(p - 1)) for other even level counts', () => {
    expect(morrisDesign(factors, { trajectories: 2, levels: 6, seed: 1 }).delta).toBeCloseTo(0.6, 15);
    const two = morrisDesign(factors, { trajectories: 2, levels: 2, seed: 1 });
    expect(two.delta).toBe(1);
    expect(two.unit.flat().every((u) => u === 0 || u === 1)).toBe(true);
  });

  it('is deterministic for a seed and differs for another', () => {
    const a = morrisDesign(factors, { trajectories: 5, seed: 'x' });
    expect(morrisDesign(factors, { trajectories: 5, seed: 'x' })).toEqual(a);
    expect(morrisDesign(factors, { trajectories: 5, seed: 'y' }).unit).not.toEqual(a.unit);
  });

  it('rejects odd level counts, duplicate names, empty ranges and no trajectories', () => {
    expect(() => morrisDesign(factors, { trajectories: 2, levels: 5, seed: 1 })).toThrow(/even/);
    expect(() => morrisDesign([factors[0], factors[0]], { trajectories: 2, seed: 1 })).toThrow(/twice/);
    expect(() => morrisDesign([{ name: 'z', min: 1, max: 1 }], { trajectories: 2, seed: 1 })).toThrow(/min < max/);
    expect(() => morrisDesign(factors, { trajectories: 0, seed: 1 })).toThrow(/trajectories/);
    expect(() => morrisDesign([], { trajectories: 1, seed: 1 })).toThrow(/no factors/);
  });
});

describe('morrisIndices', () => {
  it('is exact on a linear function: mu = b × (max - min), sigma 0, the inert factor 0, ranked by mu_star', () => {
    const b = [2, -3, 0.01, 0];
    const design = morrisDesign(factors, { trajectories: 10, seed: 'linear' });
    const indices = morrisIndices(design, evaluate(design, (x) => x.reduce((s, xi, i) => s + b[i] * xi, 0)));
    // Unit-coordinate effects: a 2 × 1 = 2, b -3 × 10 = -30, c 0.01 × 300 = 3, inert 0.
    expect(indices.map((x) => x.name)).toEqual(['b', 'c', 'a', 'inert']);
    const byName = Object.fromEntries(indices.map((x) => [x.name, x]));
    for (const [name, mu] of [['a', 2], ['b', -30], ['c', 3]] as const) {
      expect(byName[name].mu).toBeCloseTo(mu, 9);
      expect(byName[name].mu_star).toBeCloseTo(Math.abs(mu), 9);
      expect(byName[name].sigma).toBeLessThan(1e-9);
      expect(byName[name].n).toBe(10);
    }
    expect(byName.inert).toEqual({ name: 'inert', mu: 0, mu_star: 0, sigma: 0, n: 10 });
  });

  it('gives sigma > 0 to factors in an interaction or a nonlinearity, and mu_star > |mu| for a sign change', () => {
    const design = morrisDesign(factors, { trajectories: 20, seed: 'nonlinear' });
    // a × b interacts (the sign of a's effect follows b); c enters squared; inert is absent.
    const indices = morrisIndices(design, evaluate(design, ([a, b, c]) => a * b + ((c - 100) / 300) ** 2));
    const byName = Object.fromEntries(indices.map((x) => [x.name, x]));
    for (const name of ['a', 'b', 'c']) expect(byName[name].sigma).toBeGreaterThan(0.1);
    expect(byName.a.mu_star).toBeGreaterThan(Math.abs(byName.a.mu) + 0.1);
    expect(byName.inert.mu_star).toBe(0);
    expect(indices[indices.length - 1].name).toBe('inert');
  });

  it('skips elementary effects with a non-finite output and reports n', () => {
    const design = morrisDesign(factors, { trajectories: 6, seed: 'nan' });
    const outputs = evaluate(design, ([a]) => a);
    outputs[2] = NaN; // inside trajectory 0: the steps into and out of run 2 are lost
    const indices = morrisIndices(design, outputs);
    expect(indices.reduce((s, x) => s + x.n, 0)).toBe(6 * 4 - 2);
    expect(indices.find((x) => x.name === 'a')!.mu).toBeCloseTo(1, 12);
  });

  it('rejects outputs that do not match the design', () => {
    const design = morrisDesign(factors, { trajectories: 3, seed: 1 });
    expect(() => morrisIndices(design, [1, 2, 3])).toThrow(/3 outputs for 15 design runs/);
    const broken = { ...design, unit: design.unit.map((row, r) => (r === 1 ? row.map((u) => 1 - u) : row)) };
    expect(() => morrisIndices(broken, new Array(15).fill(0))).toThrow(/differ in/);
  });
});
