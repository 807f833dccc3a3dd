/**
 * Accuracy and speed measurements of the CPU field solver (fieldSolver.ts), shared by the tests and the
 * benchmark. Analytic cases on a cell-centred grid (default 256 × 256 voxels, dx = 20 µm, no-flux faces):
 *  (a) Gaussian spread without decay (oxygen-like D = 1e5 and cytokine-like D = 5e3 µm²/min, σ0 = 100 µm):
 *      c = σ0²/σ²·exp(−ρ²/2σ²), σ² = σ0² + 2Dt, summed over the mirror images of the no-flux box;
 *  (b) decay of a uniform field, VEGF-like half-life 33.7 min: c = c0·e^{−λt} (the scheme is exact here);
 *  (c) steady state of a point source Q (amount/min in one voxel) with decay (oxygen-like D = 1e5, λ = 0.1;
 *      cytokine-like D = 5e3, λ = 0.038): c(ρ) = Q/(2πD)·K0(ρ/L), L = √(D/λ), plus mirror images.
 * `accuracyTable` gives, per case and dt, the relative L2 error after one simulated hour against a
 * dt = 0.01 min reference run of the same solver on the same grid (2 V-cycles per step), against the same
 * dt solved with CONVERGED_CYCLES cycles per step (the iteration error of the default single cycle), and
 * against the analytic solution (for (c): the solver's steady state, on the annulus 3 voxels ≤ ρ ≤ L).
 * `timeFieldSolver` measures ns per voxel-field-step with 6 packed fields (median of repeats after warm-up).
 * Units: µm, minutes. Deterministic: pseudo-random inputs come from a fixed linear congruential generator.
 */
import { createFieldSolver, type FieldSolver } from './fieldSolver.ts';

/** Modified Bessel function I0(x) for |x| ≤ 3.75, Abramowitz & Stegun 9.8.1 (|ε| < 1.6e-7). */
export function besselI0(x: number): number {
  const t = x / 3.75;
  const t2 = t * t;
  return (
    1 +
    t2 * (3.5156229 + t2 * (3.0899424 + t2 * (1.2067492 + t2 * (0.2659732 + t2 * (0.0360768 + t2 * 0.0045813)))))
  );
}

/** Modified Bessel function K0(x), x > 0: A&S 9.8.5 for x ≤ 2 (|ε| < 1e-8), 9.8.6 for x ≥ 2 (relative |ε| < 1.9e-7). */
export function besselK0(x: number): number {
  if (!(x > 0)) throw new Error(`besselK0: x must be > 0, got ${x}`);
  if (x <= 2) {
    const y = (x * x) / 4;
    return (
      -Math.log(x / 2) * besselI0(x) +
      (-0.57721566 +
        y * (0.4227842 + y * (0.23069756 + y * (0.0348859 + y * (0.00262698 + y * (0.0001075 + y * 0.0000074))))))
    );
  }
  const y = 2 / x;
  const p =
    1.25331414 +
    y * (-0.07832358 + y * (0.02189568 + y * (-0.01062446 + y * (0.00587872 + y * (-0.0025154 + y * 0.00053208)))));
  return (p * Math.exp(-x)) / Math.sqrt(x);
}

/** Grid of an accuracy case: nx × ny voxels of dx µm. */
export interface Grid {
  nx: number;
  ny: number;
  dx: number;
}

/** The default accuracy grid: 256 × 256 voxels, 20 µm. */
export const ACCURACY_GRID: Grid = { nx: 256, ny: 256, dx: 20 };

/** An analytic test case (field parameters and what is compared). */
export interface AccuracyCase {
  name: string;
  kind: 'gaussian' | 'decay' | 'pointSource';
  /** µm²/min. */
  D: number;
  /** 1/min. */
  decay: number;
}

/** VEGF-like half-life, min. */
export const VEGF_HALF_LIFE = 33.7;

/** The cases of the accuracy table. */
export const ACCURACY_CASES: readonly AccuracyCase[] = [
  { name: 'gaussian, oxygen D=1e5', kind: 'gaussian', D: 1e5, decay: 0 },
  { name: 'gaussian, cytokine D=5e3', kind: 'gaussian', D: 5e3, decay: 0 },
  { name: 'decay, half-life 33.7 min', kind: 'decay', D: 5e3, decay: Math.LN2 / VEGF_HALF_LIFE },
  { name: 'point source, oxygen D=1e5 λ=0.1', kind: 'pointSource', D: 1e5, decay: 0.1 },
  { name: 'point source, cytokine D=5e3 λ=0.038', kind: 'pointSource', D: 5e3, decay: 0.038 },
];

/** Initial Gaussian width, µm. */
export const GAUSSIAN_SIGMA0 = 100;
/** Point-source strength: amount per minute released into the source voxel. */
export const POINT_SOURCE_Q = 1;

/** Index of the point-source voxel (the voxel just past the grid centre). */
export function sourceIndex(g: Grid): number {
  return (g.ny >> 1) * g.nx + (g.nx >> 1);
}

/**
 * Sum over the mirror images of a no-flux box [0, W] × [0, H] of kernel(ρ) about the point (x0, y0)
 * for the point (x, y) (µm); images whose 1D offset exceeds `reach` µm are skipped.
 */
function imageSum(x: number, y: number, x0: number, y0: number, W: number, H: number, reach: number, kernel: (rho: number) => number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  const mMax = Math.ceil(reach / (2 * W)) + 1;
  const nMax = Math.ceil(reach / (2 * H)) + 1;
  for (let m = -mMax; m <= mMax; m++) {
    for (const xi of [x0 + 2 * m * W, -x0 + 2 * m * W]) if (Math.abs(xi - x) <= reach) xs.push(xi);
  }
  for (let m = -nMax; m <= nMax; m++) {
    for (const yi of [y0 + 2 * m * H, -y0 + 2 * m * H]) if (Math.abs(yi - y) <= reach) ys.push(yi);
  }
  let s = 0;
  for (const xi of xs) for (const yi of ys) s += kernel(Math.hypot(x - xi, y - yi));
  return s;
}

/** Analytic Gaussian (peak 1 at t = 0, centred in the box) after t min with diffusion D, at every voxel centre. */
export function gaussianAnalytic(g: Grid, D: number, t: number, sigma0 = GAUSSIAN_SIGMA0): Float64Array {
  const { nx, ny, dx } = g;
  const W = nx * dx;
  const H = ny * dx;
  const s2 = sigma0 * sigma0 + 2 * D * t;
  const amp = (sigma0 * sigma0) / s2;
  const reach = 12 * Math.sqrt(s2);
  const out = new Float64Array(nx * ny);
  const kernel = (rho: number): number => amp * Math.exp((-rho * rho) / (2 * s2));
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) out[j * nx + i] = imageSum((i + 0.5) * dx, (j + 0.5) * dx, W / 2, H / 2, W, H, reach, kernel);
  }
  return out;
}

/** Analytic steady state Q/(2πD)·K0(ρ/L) of a point source in the source voxel, with images; NaN at the source. */
export function pointSourceAnalytic(g: Grid, D: number, decay: number, Q = POINT_SOURCE_Q): Float64Array {
  const { nx, ny, dx } = g;
  const L = Math.sqrt(D / decay);
  const s = sourceIndex(g);
  const x0 = ((s % nx) + 0.5) * dx;
  const y0 = (Math.floor(s / nx) + 0.5) * dx;
  const out = new Float64Array(nx * ny);
  const kernel = (rho: number): number => (rho > 0 ? besselK0(rho / L) : Number.NaN);
  const scale = Q / (2 * Math.PI * D);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      out[j * nx + i] = scale * imageSum((i + 0.5) * dx, (j + 0.5) * dx, x0, y0, nx * dx, ny * dx, 20 * L, kernel);
    }
  }
  return out;
}

/** Relative L2 difference ‖a − b‖/‖b‖ over the voxels where mask is true (all if no mask). */
export function relativeL2(a: ArrayLike<number>, b: ArrayLike<number>, mask?: (k: number) => boolean): number {
  let e = 0;
  let s = 0;
  for (let k = 0; k < b.length; k++) {
    if (mask && !mask(k)) continue;
    const d = a[k] - b[k];
    e += d * d;
    s += b[k] * b[k];
  }
  return Math.sqrt(e / s);
}

/** Mask of the annulus 3 voxels ≤ ρ ≤ L around the source voxel (for the K0 comparison). */
export function annulusMask(g: Grid, D: number, decay: number): (k: number) => boolean {
  const s = sourceIndex(g);
  const si = s % g.nx;
  const sj = Math.floor(s / g.nx);
  const Lvox = Math.sqrt(D / decay) / g.dx;
  return (k: number): boolean => {
    const rho = Math.hypot((k % g.nx) - si, Math.floor(k / g.nx) - sj);
    return rho >= 3 && rho <= Lvox;
  };
}

/** Initial field and source of a case on grid g (source null for Gaussian and decay). */
export function caseInputs(c: AccuracyCase, g: Grid): { u: Float32Array; source: Float32Array | null } {
  const n = g.nx * g.ny;
  const u = new Float32Array(n);
  if (c.kind === 'gaussian') u.set(gaussianAnalytic(g, c.D, 0));
  if (c.kind === 'decay') u.fill(1);
  if (c.kind !== 'pointSource') return { u, source: null };
  const source = new Float32Array(n);
  source[sourceIndex(g)] = POINT_SOURCE_Q / (g.dx * g.dx);
  return { u, source };
}

/** Runs a case for tEnd min with time step dt (min) and returns the field; cycles = V-cycles per step. */
export function runCase(c: AccuracyCase, g: Grid, dt: number, tEnd: number, cycles = 1): Float32Array {
  const { u, source } = caseInputs(c, g);
  const solver = createFieldSolver({ ...g, D: c.D, decay: c.decay, boundary: { kind: 'noflux' }, dt, cycles });
  const steps = Math.floor(tEnd / dt + 0.5);
  for (let s = 0; s < steps; s++) solver.step(u, source, null);
  return u;
}

/** Runs a point-source case to steady state (until the largest change per step is below tol relative). */
export function steadyState(c: AccuracyCase, g: Grid, dt: number, tol = 1e-6, maxSteps = 20000): Float32Array {
  const { u, source } = caseInputs(c, g);
  const solver = createFieldSolver({ ...g, D: c.D, decay: c.decay, boundary: { kind: 'noflux' }, dt });
  const prev = new Float32Array(u.length);
  for (let s = 0; s < maxSteps; s++) {
    prev.set(u);
    solver.step(u, source, null);
    let dmax = 0;
    let umax = 0;
    for (let k = 0; k < u.length; k++) {
      dmax = Math.max(dmax, Math.abs(u[k] - prev[k]));
      umax = Math.max(umax, Math.abs(u[k]));
    }
    if (dmax <= tol * umax) break;
  }
  return u;
}

/** The analytic comparison of a case: relative L2 of the solver (time step dt) against its exact solution. */
export function analyticError(c: AccuracyCase, g: Grid, dt: number, tEnd = 60): number {
  if (c.kind === 'pointSource') {
    const u = steadyState(c, g, dt);
    return relativeL2(u, pointSourceAnalytic(g, c.D, c.decay), annulusMask(g, c.D, c.decay));
  }
  const u = runCase(c, g, dt, tEnd);
  if (c.kind === 'gaussian') return relativeL2(u, gaussianAnalytic(g, c.D, tEnd));
  const exact = new Float64Array(u.length).fill(Math.exp(-c.decay * tEnd));
  return relativeL2(u, exact);
}

/** One row of the accuracy table. */
export interface AccuracyRow {
  case: string;
  /** min */
  dt: number;
  /** Relative L2 after tEnd against the dt = 0.01 min reference of the same solver. */
  vsReference: number;
  /** Relative L2 against the analytic solution (point sources: steady state on the annulus). */
  vsAnalytic: number;
  /** Relative L2 after tEnd against the same dt with CONVERGED_CYCLES V-cycles per step (iteration error). */
  vsConverged: number;
}

/** V-cycles per step of the "converged" run that isolates the iteration error of the default single cycle. */
export const CONVERGED_CYCLES = 8;

/** Accuracy table for each case × dt (min, ≥ 1) after tEnd = 60 min; the reference uses 2 V-cycles per step. */
export function accuracyTable(
  dts: readonly number[],
  opts: { grid?: Grid; tEnd?: number; refDt?: number; cases?: readonly AccuracyCase[] } = {},
): AccuracyRow[] {
  const g = opts.grid ?? ACCURACY_GRID;
  const tEnd = opts.tEnd ?? 60;
  const refDt = opts.refDt ?? 0.01;
  const rows: AccuracyRow[] = [];
  for (const c of opts.cases ?? ACCURACY_CASES) {
    const ref = runCase(c, g, refDt, tEnd, 2);
    for (const dt of dts) {
      const u = runCase(c, g, dt, tEnd);
      rows.push({
        case: c.name,
        dt,
        vsReference: relativeL2(u, ref),
        vsAnalytic: analyticError(c, g, dt, tEnd),
        vsConverged: relativeL2(u, runCase(c, g, dt, tEnd, CONVERGED_CYCLES)),
      });
    }
  }
  return rows;
}

/** Deterministic pseudo-random numbers in [0, 1) (32-bit LCG; benchmark inputs only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Timing of the solver for one grid size. */
export interface TimingRow {
  n: number;
  fields: number;
  /** Median over repeats of ns per voxel per field per step (all fields). */
  nsPerVoxelFieldStep: number;
  /** All repeat timings, same unit, sorted. */
  samples: number[];
  /** Median ns per voxel-step of each field alone (order of BENCH_FIELDS). */
  perField: number[];
}

/** The six benchmark fields: D (µm²/min), decay (1/min), whether cells take it up. */
export const BENCH_FIELDS: readonly { D: number; decay: number; uptake: boolean }[] = [
  { D: 1e5, decay: 0.1, uptake: true },
  { D: 5e3, decay: Math.LN2 / VEGF_HALF_LIFE, uptake: true },
  { D: 5e3, decay: 0.038, uptake: false },
  { D: 5e3, decay: 0.02, uptake: false },
  { D: 600, decay: 0.01, uptake: true },
  { D: 60, decay: 0.001, uptake: false },
];

/**
 * Times whole solver steps (defect correction + V-cycles) for 6 fields packed in one Float32Array on n × n
 * grids of 20 µm, dt min per step: `warmup` rounds first (V8 needs a few dozen steps to settle its
 * optimised code), then `repeats` timings of `steps` rounds (one round = one step of every field).
 * Returns the median ns per voxel-field-step and each field's own median.
 */
export function timeFieldSolver(
  opts: {
    sizes?: readonly number[];
    dt?: number;
    repeats?: number;
    steps?: number;
    warmup?: number;
    cycles?: number;
    now?: () => number;
  } = {},
): TimingRow[] {
  const now = opts.now ?? ((): number => performance.now());
  const dt = opts.dt ?? 5;
  const repeats = opts.repeats ?? 7;
  const stepsPer = opts.steps ?? 2;
  const warmup = opts.warmup ?? 20;
  const rows: TimingRow[] = [];
  for (const n of opts.sizes ?? [512, 1024]) {
    const cells = n * n;
    const F = BENCH_FIELDS.length;
    const rand = lcg(12345);
    const data = new Float32Array(F * cells);
    const source = new Float32Array(cells);
    const uptake = new Float32Array(cells);
    // Sparse cells (about 5 % of voxels) secrete and take up; vessels are not modelled here.
    for (let k = 0; k < cells; k++) {
      data[k] = rand();
      if (rand() < 0.05) {
        source[k] = rand();
        uptake[k] = 0.1 * rand();
      }
    }
    for (let f = 1; f < F; f++) data.copyWithin(f * cells, 0, cells);
    const solvers: FieldSolver[] = BENCH_FIELDS.map((b) =>
      createFieldSolver({ nx: n, ny: n, dx: 20, D: b.D, decay: b.decay, boundary: { kind: 'noflux' }, dt, cycles: opts.cycles }),
    );
    const views = BENCH_FIELDS.map((_, f) => data.subarray(f * cells, (f + 1) * cells));
    const fieldTimes: number[][] = BENCH_FIELDS.map(() => []);
    const round = (record: boolean): void => {
      for (let f = 0; f < F; f++) {
        const t0 = now();
        solvers[f].step(views[f], source, BENCH_FIELDS[f].uptake ? uptake : null);
        if (record) fieldTimes[f].push(((now() - t0) * 1e6) / cells);
      }
    };
    for (let w = 0; w < warmup; w++) round(false);
    const samples: number[] = [];
    for (let q = 0; q < repeats; q++) {
      const t0 = now();
      for (let s = 0; s < stepsPer; s++) round(true);
      samples.push(((now() - t0) * 1e6) / (cells * F * stepsPer));
    }
    samples.sort((a, b) => a - b);
    const median = (v: number[]): number => v.slice().sort((a, b) => a - b)[v.length >> 1];
    rows.push({ n, fields: F, nsPerVoxelFieldStep: median(samples), samples, perField: fieldTimes.map(median) });
  }
  return rows;
}
