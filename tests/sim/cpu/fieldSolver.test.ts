/**
 * Tests of the CPU field solver (src/sim/cpu/fieldSolver.ts) against analytic solutions and invariants:
 * Gaussian spread, exact decay, point-source steady state vs K0, mass conservation, fixed-value faces,
 * non-negativity, determinism, odd and non-square grids, uptake, structural fields. Units: µm, minutes.
 */
import { describe, expect, it } from 'vitest';
import {
  annulusMask,
  besselK0,
  caseInputs,
  gaussianAnalytic,
  pointSourceAnalytic,
  relativeL2,
  steadyState,
  type AccuracyCase,
  type Grid,
} from '../../../src/sim/cpu/fieldAccuracy.ts';
import { createFieldSolver, type FieldSolverOptions } from '../../../src/sim/cpu/fieldSolver.ts';

const NOFLUX = { kind: 'noflux' } as const;
const GRID: Grid = { nx: 128, ny: 128, dx: 20 };

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function sum64(a: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k];
  return s;
}

function min(a: Float32Array): number {
  let m = Infinity;
  for (let k = 0; k < a.length; k++) m = Math.min(m, a[k]);
  return m;
}

function steps(o: FieldSolverOptions, u: Float32Array, n: number, source: Float32Array | null = null, uptake: Float32Array | null = null): Float32Array {
  const s = createFieldSolver(o);
  for (let i = 0; i < n; i++) s.step(u, source, uptake);
  return u;
}

describe('besselK0 (Abramowitz & Stegun 9.8.5/9.8.6)', () => {
  it('matches tabulated values', () => {
    const table: [number, number][] = [
      [0.1, 2.4270690247],
      [0.5, 0.9244190712],
      [1, 0.4210244382],
      [2, 0.1138938727],
      [5, 0.0036910983],
    ];
    for (const [x, k0] of table) expect(Math.abs(besselK0(x) / k0 - 1)).toBeLessThan(2e-7);
  });
});

describe('field solver: diffusion', () => {
  it('spreads a Gaussian like the analytic solution (variance σ0² + 2Dt), first order in dt', () => {
    const cyt: AccuracyCase = { name: 'g', kind: 'gaussian', D: 5e3, decay: 0 };
    const errorAt = (dt: number): number => {
      const u = steps({ ...GRID, D: cyt.D, decay: 0, boundary: NOFLUX, dt }, caseInputs(cyt, GRID).u, 30 / dt);
      return relativeL2(u, gaussianAnalytic(GRID, cyt.D, 30));
    };
    const e1 = errorAt(1);
    const eQuarter = errorAt(0.25);
    // Backward Euler: 1.9 % after 30 min at dt = 1 min, 0.5 % at dt = 0.25 min.
    expect(e1).toBeLessThan(0.03);
    expect(eQuarter).toBeLessThan(0.4 * e1);

    const o2: AccuracyCase = { name: 'g', kind: 'gaussian', D: 1e5, decay: 0 };
    const u = steps({ ...GRID, D: o2.D, decay: 0, boundary: NOFLUX, dt: 1 }, caseInputs(o2, GRID).u, 10);
    // Spreads past the faces within minutes; the analytic solution includes the mirror images.
    expect(relativeL2(u, gaussianAnalytic(GRID, o2.D, 10))).toBeLessThan(0.02);
  });

  it('decays a uniform field exactly: one half-life (33.7 min) halves it to 1e-5', () => {
    const decay = Math.LN2 / 33.7;
    for (const nSteps of [1, 5, 10]) {
      const u = new Float32Array(64 * 48).fill(3);
      steps({ nx: 64, ny: 48, dx: 20, D: 5e3, decay, boundary: NOFLUX, dt: 33.7 / nSteps }, u, nSteps);
      for (const v of [u[0], u[1000], u[u.length - 1]]) expect(Math.abs(v / 1.5 - 1)).toBeLessThan(1e-5);
    }
  });

  it('keeps the decay exact after setTimeStep', () => {
    const decay = 0.05;
    const u = new Float32Array(32 * 32).fill(1);
    const s = createFieldSolver({ nx: 32, ny: 32, dx: 20, D: 1e5, decay, boundary: NOFLUX, dt: 1 });
    for (let i = 0; i < 4; i++) s.step(u, null, null);
    s.setTimeStep(8);
    for (let i = 0; i < 2; i++) s.step(u, null, null);
    expect(Math.abs(u[100] / Math.exp(-decay * 20) - 1)).toBeLessThan(1e-5);
  });

  it('reaches the point-source steady state Q/(2πD)·K0(ρ/L) for 3 voxels ≤ ρ ≤ L', () => {
    const cases: [AccuracyCase, number][] = [
      [{ name: 'cytokine', kind: 'pointSource', D: 5e3, decay: 0.038 }, 2],
      [{ name: 'oxygen', kind: 'pointSource', D: 1e5, decay: 0.1 }, 1],
    ];
    for (const [c, dt] of cases) {
      const u = steadyState(c, GRID, dt);
      // Measured 0.15 % (cytokine, L = 18 voxels) and 0.05 % (oxygen, L = 50 voxels, mirror images included).
      expect(relativeL2(u, pointSourceAnalytic(GRID, c.D, c.decay), annulusMask(GRID, c.D, c.decay))).toBeLessThan(0.005);
    }
  });

  it('conserves mass to round-off with no-flux faces (100 steps, random field)', () => {
    for (const [D, dt] of [
      [5e3, 5],
      [1e5, 10],
      [60, 1],
    ]) {
      const rand = lcg(7);
      const u = new Float32Array(96 * 80).map(() => rand());
      const m0 = sum64(u);
      steps({ nx: 96, ny: 80, dx: 20, D, decay: 0, boundary: NOFLUX, dt }, u, 100);
      expect(Math.abs(sum64(u) / m0 - 1)).toBeLessThan(1e-6);
    }
  });

  it('balances Σ d·u = Σ f every step with decay, source and uptake (no-flux faces)', () => {
    const nx = 64;
    const ny = 40;
    const n = nx * ny;
    const dt = 5;
    const decay = 0.02;
    const rand = lcg(11);
    const u = new Float32Array(n).map(() => rand());
    const source = new Float32Array(n).map(() => (rand() < 0.1 ? rand() : 0));
    const uptake = new Float32Array(n).map(() => (rand() < 0.2 ? 0.1 * rand() : 0));
    const s = createFieldSolver({ nx, ny, dx: 20, D: 5e3, decay, boundary: NOFLUX, dt });
    const keep = Math.exp(-decay * dt * 0.5);
    const d0 = 1 + Math.expm1(decay * dt * 0.5);
    for (let i = 0; i < 20; i++) {
      let sumF = 0;
      for (let k = 0; k < n; k++) sumF += Math.fround(keep * u[k] + dt * source[k]);
      s.step(u, source, uptake);
      let sumDU = 0;
      for (let k = 0; k < n; k++) sumDU += Math.fround(Math.fround(d0) + dt * uptake[k]) * u[k];
      expect(Math.abs(sumDU / sumF - 1)).toBeLessThan(1e-6);
    }
  });
});

describe('field solver: fixed-value faces', () => {
  it('gives the linear steady profile between two fixed faces (no-flux sides)', () => {
    const nx = 64;
    const ny = 4;
    const u = new Float32Array(nx * ny);
    const boundary = { x0: { kind: 'fixed', value: 1 }, x1: { kind: 'fixed', value: 0 }, y0: NOFLUX, y1: NOFLUX } as const;
    steps({ nx, ny, dx: 20, D: 5e3, decay: 0, boundary, dt: 10 }, u, 120);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) expect(Math.abs(u[j * nx + i] - (1 - (i + 0.5) / nx))).toBeLessThan(1e-4);
    }
  });

  it('gives the sinh (cosh-family) steady profile with decay', () => {
    const nx = 64;
    const ny = 6;
    const dx = 20;
    const D = 5e3;
    const decay = 0.125;
    const dt = 2;
    const u = new Float32Array(nx * ny);
    const boundary = { x0: { kind: 'fixed', value: 2 }, x1: { kind: 'fixed', value: 0 }, y0: NOFLUX, y1: NOFLUX } as const;
    steps({ nx, ny, dx, D, decay, boundary, dt }, u, 100);
    // The scheme's steady state has the effective decay 2·sinh(λdt/2)/dt (O((λdt)²) from λ).
    const L = Math.sqrt(D / ((2 * Math.sinh((decay * dt) / 2)) / dt));
    const W = nx * dx;
    const exact = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) exact[j * nx + i] = (2 * Math.sinh((W - (i + 0.5) * dx) / L)) / Math.sinh(W / L);
    }
    // L = 10 voxels: second-order spatial error of about 0.1 %.
    expect(relativeL2(u, exact)).toBeLessThan(3e-3);
  });

  it('fills the domain to the face value c_b (all faces fixed, no decay)', () => {
    const u = new Float32Array(40 * 32);
    steps({ nx: 40, ny: 32, dx: 20, D: 1e5, decay: 0, boundary: { kind: 'fixed', value: 0.7 }, dt: 5 }, u, 60);
    for (let k = 0; k < u.length; k++) expect(Math.abs(u[k] - 0.7)).toBeLessThan(1e-5);
  });
});

describe('field solver: robustness', () => {
  it('keeps values non-negative with random sharp sources and uptake, and removes round-off negatives', () => {
    const nx = 64;
    const ny = 64;
    const n = nx * ny;
    const rand = lcg(3);
    for (const [D, dt, boundary] of [
      [1e5, 10, NOFLUX],
      [5e3, 1, NOFLUX],
      [600, 5, { kind: 'fixed', value: 0 }],
    ] as const) {
      const u = new Float32Array(n);
      for (let k = 0; k < n; k += 97) u[k] = -1e-7;
      const s = createFieldSolver({ nx, ny, dx: 20, D, decay: 0.01, boundary, dt });
      for (let i = 0; i < 15; i++) {
        const source = new Float32Array(n).map(() => (rand() < 0.01 ? 100 * rand() : 0));
        const uptake = new Float32Array(n).map(() => (rand() < 0.3 ? 2 * rand() : 0));
        s.step(u, source, uptake);
        expect(min(u)).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('leaves a quiescent field (all 0, no source, zero faces) at 0 and then steps exactly as a fresh solver', () => {
    const nx = 48;
    const ny = 40;
    const n = nx * ny;
    const rand = lcg(11);
    const source = new Float32Array(n).map(() => (rand() < 0.05 ? 10 * rand() : 0));
    const uptake = new Float32Array(n).map(() => (rand() < 0.2 ? rand() : 0));
    for (const boundary of [NOFLUX, { kind: 'fixed', value: 0 }] as const) {
      const o = { nx, ny, dx: 20, D: 5e3, decay: 0.01, boundary, dt: 5 };
      const idle = createFieldSolver(o);
      const u = new Float32Array(n);
      for (let i = 0; i < 5; i++) idle.step(u, new Float32Array(n), i % 2 ? uptake : null);
      expect(u.every((x) => x === 0)).toBe(true);
      idle.step(u, source, uptake);
      const fresh = new Float32Array(n);
      createFieldSolver(o).step(fresh, source, uptake);
      expect(new Uint32Array(u.buffer)).toEqual(new Uint32Array(fresh.buffer));
      expect(sum64(u)).toBeGreaterThan(0);
    }
  });

  it('is deterministic: two runs are bit-identical', () => {
    const run = (): Uint32Array => {
      const rand = lcg(5);
      const n = 80 * 72;
      const u = new Float32Array(n).map(() => rand());
      const source = new Float32Array(n).map(() => (rand() < 0.05 ? rand() : 0));
      const uptake = new Float32Array(n).map(() => (rand() < 0.05 ? rand() : 0));
      steps({ nx: 80, ny: 72, dx: 20, D: 1e5, decay: 0.1, boundary: NOFLUX, dt: 5 }, u, 10, source, uptake);
      return new Uint32Array(u.buffer);
    };
    expect(run()).toEqual(run());
  });

  it('works on odd and non-square grids (37 × 50 cannot coarsen; 48 × 40 stops at 6 × 5)', () => {
    for (const [nx, ny, levels] of [
      [37, 50, 1],
      [48, 40, 4],
    ]) {
      const g: Grid = { nx, ny, dx: 20 };
      const c: AccuracyCase = { name: 'p', kind: 'pointSource', D: 5e3, decay: 0.038 };
      const solver = createFieldSolver({ ...g, D: c.D, decay: c.decay, boundary: NOFLUX, dt: 5 });
      expect(solver.levels).toBe(levels);
      // Point source with decay: one cycle per step versus eight, after 30 steps (steady state).
      const { u, source } = caseInputs(c, g);
      const v = u.slice();
      const exact = createFieldSolver({ ...g, D: c.D, decay: c.decay, boundary: NOFLUX, dt: 5, cycles: 8 });
      for (let i = 0; i < 30; i++) {
        solver.step(u, source, null);
        exact.step(v, source, null);
      }
      expect(relativeL2(u, v)).toBeLessThan(1e-4);
      expect(exact.residual(v)).toBeLessThan(1e-4);
      // Mass on the same grid.
      const rand = lcg(9);
      const w = new Float32Array(nx * ny).map(() => rand());
      const m0 = sum64(w);
      steps({ ...g, D: 1e5, decay: 0, boundary: NOFLUX, dt: 10 }, w, 50);
      expect(Math.abs(sum64(w) / m0 - 1)).toBeLessThan(1e-6);
    }
  });

  it('honours the cycles and smoothing options (all converge towards the same solution)', () => {
    const g: Grid = { nx: 64, ny: 64, dx: 20 };
    // Cytokine-like (r = 62.5 at dt = 5): one cycle leaves ~1e-4 (oxygen-like fields reach float32 noise).
    const c: AccuracyCase = { name: 'p', kind: 'pointSource', D: 5e3, decay: 0.038 };
    const run = (extra: Partial<FieldSolverOptions>): Float32Array => {
      const { u, source } = caseInputs(c, g);
      return steps({ ...g, D: c.D, decay: c.decay, boundary: NOFLUX, dt: 5, ...extra }, u, 6, source);
    };
    const exact = run({ cycles: 8 });
    const err = (extra: Partial<FieldSolverOptions>): number => relativeL2(run(extra), exact);
    const one = err({});
    expect(err({ cycles: 0 })).toBeLessThan(0.2);
    expect(one).toBeLessThan(1e-3);
    expect(err({ cycles: 2 })).toBeLessThan(one / 3);
    expect(err({ smoothing: { pre: 2, post: 2 } })).toBeLessThan(one);
    expect(err({ smoothing: { pre: 0, post: 1 } })).toBeLessThan(1e-2);
    expect(err({ smoothing: { pre: 1, post: 0 } })).toBeLessThan(1e-2);
  });

  it('rejects arrays of the wrong length and bad options', () => {
    const s = createFieldSolver({ nx: 8, ny: 8, dx: 20, D: 1, decay: 0, boundary: NOFLUX, dt: 1 });
    expect(() => s.step(new Float32Array(63), null, null)).toThrow();
    expect(() => createFieldSolver({ nx: 1, ny: 8, dx: 20, D: 1, decay: 0, boundary: NOFLUX, dt: 1 })).toThrow();
    expect(() => createFieldSolver({ nx: 8, ny: 8, dx: 20, D: 1, decay: 0, boundary: NOFLUX, dt: 0 })).toThrow();
  });
});

describe('field solver: uptake', () => {
  it('treats uniform uptake U like extra first-order removal (backward Euler in U)', () => {
    const U = 0.02;
    const dt = 5;
    const n = 48 * 48;
    const u = new Float32Array(n).fill(1);
    steps({ nx: 48, ny: 48, dx: 20, D: 5e3, decay: 0, boundary: NOFLUX, dt }, u, 12, null, new Float32Array(n).fill(U));
    // The mean follows the backward-Euler factor 1/(1 + U·dt) per step exactly (the mass balance); the
    // single V-cycle leaves a small non-uniformity (uptake is not in the LOD preconditioner); and after
    // one hour the result is within the backward-Euler error t·U²·dt/2 ≈ 6 % of e^{−Ut} (U·dt = 0.1).
    const be = Math.pow(1 / (1 + U * dt), 12);
    const mean = sum64(u) / n;
    expect(Math.abs(mean / be - 1)).toBeLessThan(1e-6);
    for (let k = 0; k < n; k++) expect(Math.abs(u[k] / mean - 1)).toBeLessThan(1e-3);
    expect(Math.abs(mean / Math.exp(-U * 60) - 1)).toBeLessThan(0.065);
  });

  it('gives the K0 steady state with L = √(D/U) for a point source and uniform uptake', () => {
    const D = 5e3;
    const U = 0.038;
    const c: AccuracyCase = { name: 'p', kind: 'pointSource', D, decay: 0 };
    const { u, source } = caseInputs(c, GRID);
    // With no decay the steady state of U·u − DΔu = S does not depend on dt at all.
    steps({ ...GRID, D, decay: 0, boundary: NOFLUX, dt: 10 }, u, 80, source, new Float32Array(u.length).fill(U));
    expect(relativeL2(u, pointSourceAnalytic(GRID, D, U), annulusMask(GRID, D, U))).toBeLessThan(0.005);
  });
});

describe('field solver: structural fields (D = 0)', () => {
  it('applies the exact local solution u·e^{−kdt} + S·(1 − e^{−kdt})/k, k = λ + U', () => {
    const n = 16;
    const decay = 0.01;
    const dt = 7;
    const u = new Float32Array(n).map((_, k) => k / 4);
    const u0 = u.slice();
    const source = new Float32Array(n).map((_, k) => (k % 3) * 0.5);
    const uptake = new Float32Array(n).map((_, k) => (k % 4) * 0.05);
    const s = createFieldSolver({ nx: 4, ny: 4, dx: 20, D: 0, decay, boundary: NOFLUX, dt });
    expect(s.levels).toBe(1);
    s.step(u, source, uptake);
    for (let k = 0; k < n; k++) {
      const rate = decay + uptake[k];
      const e = Math.exp(-rate * dt);
      expect(u[k]).toBeCloseTo(u0[k] * e + (source[k] * (1 - e)) / rate, 5);
    }
    const w = new Float32Array(4).fill(1);
    createFieldSolver({ nx: 2, ny: 2, dx: 20, D: 0, decay: 0, boundary: NOFLUX, dt: 2 }).step(w, new Float32Array(4).fill(0.25), null);
    expect(w[0]).toBeCloseTo(1.5, 6);
  });
});
