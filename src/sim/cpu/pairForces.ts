/**
 * Part of phase moveAgents: contact mechanics between neighbours (model.md §2 "contact repulsion and
 * adhesion"), with the PhysiCell potentials (Ghaffarizadeh et al. 2018): repulsion c_rep·(1 - d/R)²
 * within contact R = r_i + r_j, adhesion c_adh·(1 - d/R_a)² within R_a = 1.25·R; pairwise coefficients
 * are geometric means of the two types' (KernelContext). Cells of different layers (CellTypeSpec.layer) do
 * not interact. Velocities in µm/min.
 *
 * The CPU visits each pair once (pairSearch.ts: a grid per cell size, half shell within a size, larger
 * cells finding smaller ones) and adds the pair's contribution to both cells. Each side's contribution is
 * rounded to fixed point (MECHANICS_FIXED_POINT) with its own signed offset, exactly as an agent gathering
 * from its neighbours would round it (the GPU does that), so integer sums agree whatever the visiting order
 * and whichever of the two finds the pair (its offset is then the negated one: xq − xk = −(xk − xq)).
 */
import type { KernelContext } from './kernelContext.ts';
import type { NeighbourBins } from './neighbourBins.ts';
import { PairSearchGrid, searchClasses } from './pairSearch.ts';
import { ADHESION_REACH } from '../phenotypeTables.ts';

/** Fixed-point scale of neighbour velocity contributions, 1/(µm/min). */
export const MECHANICS_FIXED_POINT = 65536;

/** Per agent (agents are stored in bin order, so agent index = sorted slot): fixed-point velocity sums and touching counts. */
export class PairForces {
  fx: Float64Array;
  fy: Float64Array;
  touching: Uint16Array;

  private geometry?: { invContact: Float64Array; reach2: Float64Array; invReach: Float64Array };
  private search?: PairSearchGrid;
  private rangeList = new Int32Array(0);

  /** The neighbour search grid of the run (made on first use, for its domain and cell types). */
  private searchGrid(ctx: KernelContext, reach2: Float64Array): PairSearchGrid {
    this.search ??= new PairSearchGrid(ctx.grid.width, ctx.grid.height, searchClasses(ctx.tables.radius, reach2), this.fx.length);
    return this.search;
  }

  /** Scratch for the partner ranges of one agent. */
  private ranges(search: PairSearchGrid): Int32Array {
    if (this.rangeList.length < 2 * search.rangeLimit) this.rangeList = new Int32Array(2 * search.rangeLimit);
    return this.rangeList;
  }

  /** Per type pair: 1/(r_a + r_b), reach², 1/reach (µm-based), computed once. */
  private pairGeometry(ctx: KernelContext) {
    if (!this.geometry) {
      const T = ctx.tables.types;
      const r = ctx.tables.radius;
      const invContact = new Float64Array(T * T);
      const reach2 = new Float64Array(T * T);
      const invReach = new Float64Array(T * T);
      for (let a = 0; a < T; a++) {
        for (let b = 0; b < T; b++) {
          const contact = r[a] + r[b];
          const reach = contact * ADHESION_REACH;
          invContact[a * T + b] = 1 / contact;
          // Cells of different layers never interact: a reach of 0 excludes the pair at the distance test.
          reach2[a * T + b] = ctx.tables.sameLayer[a * T + b] ? reach * reach : 0;
          invReach[a * T + b] = 1 / reach;
        }
      }
      this.geometry = { invContact, reach2, invReach };
    }
    return this.geometry;
  }

  constructor(capacity: number) {
    this.fx = new Float64Array(capacity);
    this.fy = new Float64Array(capacity);
    this.touching = new Uint16Array(capacity);
  }

  /** Computes the sums for the `count` agents sorted in `bins`. */
  compute(ctx: KernelContext, bins: NeighbourBins, count: number): void {
    if (this.fx.length < count) {
      this.fx = new Float64Array(count);
      this.fy = new Float64Array(count);
      this.touching = new Uint16Array(count);
    }
    const fx = this.fx;
    const fy = this.fy;
    const touching = this.touching;
    fx.fill(0, 0, count);
    fy.fill(0, 0, count);
    touching.fill(0, 0, count);
    const T = ctx.tables.types;
    const repPair = ctx.repulsionPair;
    const adhPair = ctx.adhesionPair;
    const { invContact, reach2, invReach } = this.pairGeometry(ctx);
    const FP = MECHANICS_FIXED_POINT;
    const search = this.searchGrid(ctx, reach2);
    search.build(bins, count);
    const { slot, x, y, type } = search;
    const classOf = search.classes.classOf;
    const ranges = this.ranges(search);

    for (let p = 0; p < count; p++) {
      const k = slot[p];
      const xk = x[p];
      const yk = y[p];
      const row = type[p] * T;
      const n = search.ranges(p, classOf[type[p]], ranges);
      // k's own sums gather in locals (integers in float64: exact in any order) and are added once.
      let fxk = 0;
      let fyk = 0;
      let touchingK = 0;
      for (let r = 0; r < n; r++) {
        const q1 = ranges[2 * r + 1];
        for (let pq = ranges[2 * r]; pq < q1; pq++) {
          const ddx = xk - x[pq];
          const ddy = yk - y[pq];
          const d2 = ddx * ddx + ddy * ddy;
          const pair = row + type[pq];
          if (d2 >= reach2[pair] || d2 < 1e-12) continue;
          // One pair (k, q): contributions to both, each rounded from its own side.
          const q = slot[pq];
          const d = Math.sqrt(d2);
          let v = 0;
          const s = 1 - d * invContact[pair];
          if (s > 0) {
            v = repPair[pair] * s * s;
            touchingK++;
            touching[q]++;
          }
          const a = 1 - d * invReach[pair];
          v -= adhPair[pair] * a * a;
          const scale = (v / d) * FP;
          fxk += Math.floor(ddx * scale + 0.5);
          fyk += Math.floor(ddy * scale + 0.5);
          fx[q] += Math.floor(-ddx * scale + 0.5);
          fy[q] += Math.floor(-ddy * scale + 0.5);
        }
      }
      fx[k] += fxk;
      fy[k] += fyk;
      touching[k] += touchingK;
    }
  }
}
