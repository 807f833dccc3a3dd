/**
 * Morris elementary-effects screening (global sensitivity; Morris 1991, with mu* from Campolongo et al.
 * 2007). The design is r random one-at-a-time trajectories on a p-level grid of the unit hypercube, each
 * of k + 1 points that change every factor once by ±delta, delta = p / (2(p - 1)) (Saltelli et al. 2008),
 * mapped to the factors' ranges. The indices summarise the elementary effects EE = dY / delta in unit
 * coordinates, so factors with different ranges are comparable. Pure and deterministic for a seed.
 */
import seedrandom from 'seedrandom';

export interface MorrisFactor {
  name: string;
  min: number;
  max: number;
}

/**
 * r trajectories of k+1 points each in the unit hypercube on a p-level grid, mapped to [min, max]. Returned
 * in run order: trajectory t, point j is points[t*(k+1)+j] (and unit[t*(k+1)+j]).
 */
export interface MorrisDesign {
  factors: MorrisFactor[];
  levels: number;
  /** Step in unit coordinates, p / (2(p - 1)). */
  delta: number;
  trajectories: number;
  /** Factor values, one row per run, columns in factor order. */
  points: number[][];
  /** The same points in [0, 1]. */
  unit: number[][];
}

/**
 * Per factor: mu (mean elementary effect), mu_star (mean |EE|), sigma (sample sd of EE; NaN when n < 2) and
 * n, the number of effects used. An effect whose two outputs are not both finite is skipped, so n can be
 * less than the number of trajectories.
 */
export interface MorrisIndex {
  name: string;
  mu: number;
  mu_star: number;
  sigma: number;
  n: number;
}

/** Fisher–Yates shuffle of 0..k-1 drawn from rng. */
function permutation(k: number, rng: () => number): number[] {
  const order = Array.from({ length: k }, (_, i) => i);
  for (let i = k - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Morris design. Per trajectory and factor, a lower grid level a is drawn uniformly from those with
 * a + delta <= 1 and a direction (up from a, or down from a + delta) with probability 1/2, so every grid
 * level is equally likely; the factors are then moved in a random order. `levels` must be even (default 4)
 * so that delta lies on the grid.
 */
export function morrisDesign(
  factors: readonly MorrisFactor[],
  opts: { trajectories: number; levels?: number; seed: string | number },
): MorrisDesign {
  const levels = opts.levels ?? 4;
  const { trajectories } = opts;
  if (factors.length === 0) throw new Error('morrisDesign: no factors');
  const names = new Set<string>();
  for (const f of factors) {
    if (names.has(f.name)) throw new Error(`morrisDesign: factor '${f.name}' appears twice`);
    names.add(f.name);
    if (!Number.isFinite(f.min) || !Number.isFinite(f.max) || !(f.max > f.min)) {
      throw new Error(`morrisDesign: factor '${f.name}' needs finite min < max, got [${f.min}, ${f.max}]`);
    }
  }
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) throw new Error(`morrisDesign: levels must be an even integer >= 2, got ${levels}`);
  if (!Number.isInteger(trajectories) || trajectories < 1) throw new Error(`morrisDesign: trajectories must be an integer >= 1, got ${trajectories}`);

  const k = factors.length;
  const steps = levels - 1; // grid spacing 1/steps
  const jump = levels / 2; // delta in grid steps
  const rng = seedrandom(`morris:${opts.seed}`);
  const unit: number[][] = [];
  for (let t = 0; t < trajectories; t++) {
    const start: number[] = [];
    const end: number[] = [];
    for (let i = 0; i < k; i++) {
      const lower = Math.floor(rng() * (levels - jump)); // grid index in 0 .. steps - jump
      const up = rng() < 0.5;
      start.push(up ? lower : lower + jump);
      end.push(up ? lower + jump : lower);
    }
    const current = [...start];
    unit.push(current.map((g) => g / steps));
    for (const i of permutation(k, rng)) {
      current[i] = end[i];
      unit.push(current.map((g) => g / steps));
    }
  }
  const points = unit.map((row) => row.map((u, i) => factors[i].min + u * (factors[i].max - factors[i].min)));
  return { factors: factors.map((f) => ({ ...f })), levels, delta: jump / steps, trajectories, points, unit };
}

/** Morris indices from one output per design run, ranked by mu_star descending (ties keep factor order). */
export function morrisIndices(design: MorrisDesign, outputs: readonly number[]): MorrisIndex[] {
  const k = design.factors.length;
  if (outputs.length !== design.unit.length) {
    throw new Error(`morrisIndices: ${outputs.length} outputs for ${design.unit.length} design runs`);
  }
  if (design.unit.length !== design.trajectories * (k + 1)) {
    throw new Error(`morrisIndices: ${design.unit.length} runs, expected ${design.trajectories} trajectories × ${k + 1} points`);
  }
  const effects: number[][] = design.factors.map(() => []);
  for (let t = 0; t < design.trajectories; t++) {
    for (let j = 0; j < k; j++) {
      const run = t * (k + 1) + j;
      const from = design.unit[run];
      const to = design.unit[run + 1];
      const changed = from.flatMap((u, i) => (u !== to[i] ? [i] : []));
      if (changed.length !== 1) throw new Error(`morrisIndices: runs ${run} and ${run + 1} differ in ${changed.length} factors, expected 1`);
      const i = changed[0];
      if (!Number.isFinite(outputs[run]) || !Number.isFinite(outputs[run + 1])) continue;
      const step = to[i] > from[i] ? design.delta : -design.delta;
      effects[i].push((outputs[run + 1] - outputs[run]) / step);
    }
  }
  const indices = design.factors.map((f, i): MorrisIndex => {
    const ee = effects[i];
    const n = ee.length;
    const mu = n > 0 ? ee.reduce((s, e) => s + e, 0) / n : NaN;
    const mu_star = n > 0 ? ee.reduce((s, e) => s + Math.abs(e), 0) / n : NaN;
    const sigma = n > 1 ? Math.sqrt(ee.reduce((s, e) => s + (e - mu) ** 2, 0) / (n - 1)) : NaN;
    return { name: f.name, mu, mu_star, sigma, n };
  });
  // NaN (no usable effect) sorts last.
  const key = (x: MorrisIndex): number => (Number.isNaN(x.mu_star) ? -1 : x.mu_star);
  return indices.sort((a, b) => key(b) - key(a));
}
