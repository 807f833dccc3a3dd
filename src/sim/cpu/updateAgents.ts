/**
 * Phase updateAgents: ageing, internalisation of taken-up substance (an uptake with `internalize` adds
 * clearance x c x dt to an agent variable, c the voxel's value before this step's solve), the model's rules
 * (state switches, pathway variables; a rule may ask for death or departure), inhibitor clamps of pathway
 * nodes, cell-cycle progress under contact inhibition, and the death draw. Each agent reads and writes
 * only its own slot of the next buffer (after moveAgents) and records its fate for divideAndRemove.
 * - Cycle (model.md §2 "proliferation with contact inhibition"): progress += dt / T_cycle · growth scale,
 *   frozen while the cell touches at least `contactInhibition` neighbours; division when progress >= 1.
 * - Death: hazard h (1/min, times the rules' death scale) kills with probability 1 - exp(-h·dt)
 *   (RNG stream DEATH, word 0).
 */
import { RuleFate } from '../../model/rules.ts';
import type { KernelContext } from './kernelContext.ts';
import { voxelAt } from '../grid.ts';
import { RngStream, uniform01 } from '../rng.ts';

export const FATE_STAY = 0;
export const FATE_DIVIDE = 1;
/** Death and leaving share their codes with RuleFate (rules.ts). */
export const FATE_DIE = RuleFate.DIE;
export const FATE_LEAVE = RuleFate.LEAVE;

/** Updates `count` agents of the buffer bound to `ctx` in place and writes their fates. */
export function updateAgents(ctx: KernelContext, count: number, neighbours: Uint16Array, fate: Uint8Array): void {
  const { o, stride, tables, rules, dt } = ctx;
  const f = ctx.f;
  const u = ctx.u;
  const update = rules.updateAgent;
  const growthScale = rules.growthScale;
  const deathScale = rules.deathScale;
  const fields = ctx.fields;
  const grid = ctx.grid;
  const clampOffsets = ctx.clampOffsets;
  const clampValues = ctx.clampValues;
  for (let i = 0, base = 0; i < count; i++, base += stride) {
    const type = u[base + o.type];
    f[base + o.age] += dt;
    const keeps = ctx.internalize[type];
    for (let k = 0; k < keeps.length; k++) {
      const e = keeps[k];
      const c = fields[e.field * grid.cells + voxelAt(grid, f[base + o.x], f[base + o.y])];
      f[base + e.offset] += e.clearance * c * dt;
    }
    const requested = update ? update(ctx, base, type) : undefined;
    for (let k = 0; k < clampOffsets.length; k++) f[base + clampOffsets[k]] = clampValues[k];
    if (requested === FATE_DIE || requested === FATE_LEAVE) {
      fate[i] = requested;
      continue;
    }

    let outcome = FATE_STAY;
    const cycleRate = tables.cycleRate[type];
    if (cycleRate > 0 && neighbours[i] < tables.contactInhibition[type]) {
      const progress = f[base + o.cycle] + dt * cycleRate * (growthScale ? growthScale(ctx, base, type) : 1);
      f[base + o.cycle] = progress;
      if (progress >= 1) outcome = FATE_DIVIDE; // a division refused for capacity is retried next step
    }

    let hazard = tables.deathRate[type];
    if (hazard > 0 && deathScale) hazard *= deathScale(ctx, base, type);
    if (hazard > 0) {
      const w = ctx.random(u[base + o.id], RngStream.DEATH);
      if (uniform01(w[0]) < 1 - Math.exp(-hazard * dt)) outcome = FATE_DIE;
    }
    fate[i] = outcome;
  }
}
