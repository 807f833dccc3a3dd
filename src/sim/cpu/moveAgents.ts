/**
 * Phase moveAgents: each agent reads its own slot and the mechanics sums of pairForces.ts (computed from
 * the previous positions) and writes its new position and persistent direction into its own slot.
 *
 * Velocity = migration + mechanics (overdamped: velocities, µm/min, integrated with the step dt).
 * - Migration (model.md §2): persistent random walk, the direction re-drawn with probability
 *   1 - exp(-dt/persistence) per step (RNG stream MOTILITY: word 0 decides, word 1 picks one of the
 *   4096 directions of unitCircle.ts),
 *   biased along field gradients: d = w·d_random + Σ b_k·∇c_k/|∇c_k|, w = max(0, 1 - Σ|b_k|), up the gradient
 *   for b_k > 0 and down it for b_k < 0 (chemotaxis and haptotaxis, PhysiCell's
 *   biased migration, Ghaffarizadeh et al. 2018), normalised, times speed and the rules' speed scale.
 * - Mechanics: the fixed-point sums of neighbour repulsion and adhesion from pairForces.ts; the
 *   mechanical displacement per step is capped at half the cell radius (stability at dt of minutes).
 * Positions are clamped to the domain. Touching neighbours (d < R) are counted for contact inhibition.
 */
import type { KernelContext } from './kernelContext.ts';
import { RngStream, uniform01 } from '../rng.ts';
import { MECHANICS_FIXED_POINT, type PairForces } from './pairForces.ts';
import { directionIndex, UNIT_CIRCLE } from '../unitCircle.ts';

const INV_FP = 1 / MECHANICS_FIXED_POINT;

/** Gradient of one field at voxel (i, j) by central differences (one-sided at the edge), unit/µm; writes g[0], g[1]. */
function gradient(c: Float32Array, base: number, nx: number, ny: number, i: number, j: number, dx: number, g: Float64Array): void {
  const k = base + j * nx + i;
  const il = i > 0 ? k - 1 : k;
  const ir = i < nx - 1 ? k + 1 : k;
  const ju = j > 0 ? k - nx : k;
  const jd = j < ny - 1 ? k + nx : k;
  const sx = (i > 0 ? 1 : 0) + (i < nx - 1 ? 1 : 0);
  const sy = (j > 0 ? 1 : 0) + (j < ny - 1 ? 1 : 0);
  g[0] = sx > 0 ? (c[ir] - c[il]) / (sx * dx) : 0;
  g[1] = sy > 0 ? (c[jd] - c[ju]) / (sy * dx) : 0;
}

/**
 * Moves the `count` agents of the buffer bound to `ctx` in place (each writes only its own slot; neighbours
 * enter only through `forces`, computed beforehand) and writes their touching-neighbour counts.
 */
export function moveAgents(ctx: KernelContext, forces: PairForces, count: number, neighbours: Uint16Array): void {
  const fa = ctx.f;
  const ua = ctx.u;
  const fb = fa;
  const { o, stride, tables, grid, rules, dt } = ctx;
  const { nx, ny, dx, width, height, cells } = grid;
  const fields = ctx.fields;
  const g = new Float64Array(2);
  const radius = tables.radius;
  const speedScale = rules.speedScale;

  for (let i = 0, base = 0; i < count; i++, base += stride) {
    const type = ua[base + o.type];
    const xi = fa[base + o.x];
    const yi = fa[base + o.y];
    const ri = radius[type];

    // --- migration direction: persistent random walk
    let dxr = fa[base + o.dirX];
    let dyr = fa[base + o.dirY];
    const w = ctx.random(ua[base + o.id], RngStream.MOTILITY);
    if (uniform01(w[0]) < ctx.turnProbability[type]) {
      const d = directionIndex(w[1]);
      dxr = UNIT_CIRCLE[d];
      dyr = UNIT_CIRCLE[d + 1];
    }
    fb[base + o.dirX] = dxr;
    fb[base + o.dirY] = dyr;

    // --- taxis: bias up the gradient (b > 0) or down it (b < 0)
    const rw = ctx.taxis.randomWeight[type];
    let mx = rw * dxr;
    let my = rw * dyr;
    const tf = ctx.taxis.fields[type];
    if (tf.length > 0) {
      const tb = ctx.taxis.biases[type];
      let vi = Math.floor(xi / dx);
      let vj = Math.floor(yi / dx);
      vi = vi < 0 ? 0 : vi >= nx ? nx - 1 : vi;
      vj = vj < 0 ? 0 : vj >= ny ? ny - 1 : vj;
      for (let k = 0; k < tf.length; k++) {
        gradient(fields, tf[k] * cells, nx, ny, vi, vj, dx, g);
        const norm = Math.sqrt(g[0] * g[0] + g[1] * g[1]);
        if (norm > 1e-12) {
          mx += (tb[k] * g[0]) / norm;
          my += (tb[k] * g[1]) / norm;
        } else {
          // no gradient: that share of the motion stays on the persistent random heading
          mx += Math.abs(tb[k]) * dxr;
          my += Math.abs(tb[k]) * dyr;
        }
      }
    }
    let speed = tables.speed[type];
    if (speedScale && speed > 0) speed *= speedScale(ctx, base, type);
    const mnorm = Math.sqrt(mx * mx + my * my);
    const vmx = mnorm > 0 ? (speed * mx) / mnorm : 0;
    const vmy = mnorm > 0 ? (speed * my) / mnorm : 0;

    // --- mechanics (pairForces.ts, computed for all pairs before this loop)
    const fxq = forces.fx[i];
    const fyq = forces.fy[i];
    let mechX = fxq * INV_FP * dt;
    let mechY = fyq * INV_FP * dt;
    const mech = Math.sqrt(mechX * mechX + mechY * mechY);
    const cap = 0.5 * ri;
    if (mech > cap) {
      mechX *= cap / mech;
      mechY *= cap / mech;
    }

    let x = xi + vmx * dt + mechX;
    let y = yi + vmy * dt + mechY;
    x = x < 0 ? 0 : x > width ? width : x;
    y = y < 0 ? 0 : y > height ? height : y;
    fb[base + o.x] = x;
    fb[base + o.y] = y;
    neighbours[i] = forces.touching[i];
  }
}
