/**
 * Part of phase moveAgents: contact mechanics between neighbours (model.md §2 "contact repulsion and
 * adhesion"), with the PhysiCell potentials (Ghaffarizadeh et al. 2018): repulsion c_rep·(1 - d/R)²
 * within contact R = r_i + r_j, adhesion c_adh·(1 - d/R_a)² within R_a = 1.25·R; pairwise coefficients
 * are geometric means of the two types' (KernelContext). Cells of different layers (CellTypeSpec.layer) do
 * not interact. Velocities in µm/min.
 *
 * The CPU visits each pair once (half-shell over the bins: own bin forward, then E, SW, S, SE) and adds
 * the pair's contribution to both cells. Each side's contribution is rounded to fixed point
 * (MECHANICS_FIXED_POINT) with its own signed offset, exactly as an agent gathering from its neighbours
 * would round it (the GPU does that), so integer sums agree whatever the visiting order.
 */
import type { KernelContext } from './kernelContext.ts';
import type { NeighbourBins } from './neighbourBins.ts';
import { ADHESION_REACH } from '../phenotypeTables.ts';

/** Fixed-point scale of neighbour velocity contributions, 1/(µm/min). */
export const MECHANICS_FIXED_POINT = 65536;

/** Per agent (agents are stored in bin order, so agent index = sorted slot): fixed-point velocity sums and touching counts. */
export class PairForces {
  fx: Float64Array;
  fy: Float64Array;
  touching: Uint16Array;

  private geometry?: { invContact: Float64Array; reach2: Float64Array; invReach: Float64Array };

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
    const bx = bins.x;
    const by = bins.y;
    const bt = bins.type;
    const start = bins.start;
    const nbx = bins.nbx;
    const nby = bins.nby;
    const T = ctx.tables.types;
    const repPair = ctx.repulsionPair;
    const adhPair = ctx.adhesionPair;
    const { invContact, reach2, invReach } = this.pairGeometry(ctx);
    const FP = MECHANICS_FIXED_POINT;

    const bins2 = nbx * nby;
    for (let b = 0; b < bins2; b++) {
      const gx = b % nbx;
      const gy = (b - gx) / nbx;
      const end = start[b + 1];
      // Partner ranges of the half shell: own bin (later slots), east, and the three bins below.
      const eastStart = gx + 1 < nbx ? start[b + 1] : 0;
      const eastEnd = gx + 1 < nbx ? start[b + 2] : 0;
      const below = b + nbx;
      const belowStart = gy + 1 < nby ? start[gx > 0 ? below - 1 : below] : 0;
      const belowEnd = gy + 1 < nby ? start[(gx + 1 < nbx ? below + 1 : below) + 1] : 0;
      for (let k = start[b]; k < end; k++) {
        const xk = bx[k];
        const yk = by[k];
        const row = bt[k] * T;
        for (let range = 0; range < 3; range++) {
          const q0 = range === 0 ? k + 1 : range === 1 ? eastStart : belowStart;
          const q1 = range === 0 ? end : range === 1 ? eastEnd : belowEnd;
          for (let q = q0; q < q1; q++) {
            const ddx = xk - bx[q];
            const ddy = yk - by[q];
            const d2 = ddx * ddx + ddy * ddy;
            const pair = row + bt[q];
            if (d2 >= reach2[pair] || d2 < 1e-12) continue;
            // One pair (k, q): contributions to both, each rounded from its own side.
            const d = Math.sqrt(d2);
            let v = 0;
            const s = 1 - d * invContact[pair];
            if (s > 0) {
              v = repPair[pair] * s * s;
              touching[k]++;
              touching[q]++;
            }
            const a = 1 - d * invReach[pair];
            v -= adhPair[pair] * a * a;
            const scale = (v / d) * FP;
            fx[k] += Math.floor(ddx * scale + 0.5);
            fy[k] += Math.floor(ddy * scale + 0.5);
            fx[q] += Math.floor(-ddx * scale + 0.5);
            fy[q] += Math.floor(-ddy * scale + 0.5);
          }
        }
      }
    }
  }
}
