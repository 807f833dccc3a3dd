/**
 * Phase recruitCells (model.md §2: neutrophils and monocytes "recruited from vessels"; endothelial tip
 * cells sprouting from existing vessels): for each recruitment route (types in order, a type's routes in
 * declared order) and each voxel in index order, the expected number of new cells this step is
 *   rate (cells / mm² of vessel area / day) x vessel fraction x s / (s + K) x voxel area (mm²) x dt (day),
 * s the sensed signal field. A count is drawn as floor(expected) plus one more with probability equal to the
 * fractional part (RNG stream RECRUITMENT, keyed by k·cells·types + voxel·types + type for a type's k-th
 * route, from 0: word 0 decides, words 1-2 place the cell uniformly in its voxel, word 3 picks its direction). Recruits are appended after the survivors in
 * that order with ids from the counter, so the result is independent of any thread order; recruits that
 * would exceed the capacity are not created (counted with the blocked births).
 */
import { Pcg4dPerId, RngStream, uniform01 } from '../rng.ts';
import { CELL_EVENTS, type SimState } from '../state.ts';
import { directionIndex, UNIT_CIRCLE } from '../unitCircle.ts';
import type { KernelContext } from './kernelContext.ts';

const EVENT_RECRUITS = CELL_EVENTS.indexOf('recruits');

/** One recruiting cell type, resolved for a run. */
export interface Recruiter {
  type: number;
  state: number;
  vesselField: number;
  signalField: number;
  /** rate x voxel area x dt, in cells per unit vessel fraction at a saturating signal. */
  perVoxel: number;
  halfSaturation: number;
  /** Added to the RNG key (voxel·types + type): k·cells·types for a type's k-th route, so routes draw apart. */
  keyOffset: number;
}

/** Appends this step's recruits to the state's buffer. */
export function recruitCells(ctx: KernelContext, state: SimState, recruiters: readonly Recruiter[]): void {
  const { o, stride, grid } = ctx;
  const cells = grid.cells;
  const fields = ctx.fields;
  const T = ctx.tables.types;
  const f = state.f;
  const u = state.u;
  const hash = new Pcg4dPerId(ctx.seed, ctx.step, RngStream.RECRUITMENT);
  for (const r of recruiters) {
    const vessels = r.vesselField * cells;
    const signals = r.signalField * cells;
    const sense = ctx.availability[r.signalField];
    for (let v = 0; v < cells; v++) {
      const vessel = fields[vessels + v];
      if (!(vessel > 0)) continue;
      const s = fields[signals + v] * sense;
      const expected = r.perVoxel * vessel * (s / (s + r.halfSaturation));
      if (!(expected > 0)) continue;
      // Word 0 decides; the whole hash only for a voxel that recruits (rare).
      const whole = Math.floor(expected);
      const n = whole + (uniform01(hash.word0(r.keyOffset + v * T + r.type)) < expected - whole ? 1 : 0);
      if (n === 0) continue;
      const w = ctx.random(r.keyOffset + v * T + r.type, RngStream.RECRUITMENT);
      for (let k = 0; k < n; k++) {
        if (state.count >= state.capacity) {
          state.blockedBirths++;
          continue;
        }
        // Extra recruits in one voxel (rare) reuse the words, shifted, for distinct positions.
        const wx = k === 0 ? w[1] : (w[1] ^ Math.imul(k, 0x9e3779b9)) >>> 0;
        const wy = k === 0 ? w[2] : (w[2] ^ Math.imul(k, 0x85ebca6b)) >>> 0;
        const base = state.count * stride;
        for (let q = 0; q < stride; q++) u[base + q] = 0;
        const i = v % grid.nx;
        const j = (v - i) / grid.nx;
        u[base + o.id] = state.nextId++;
        u[base + o.type] = r.type;
        u[base + o.state] = r.state;
        f[base + o.x] = (i + uniform01(wx)) * grid.dx;
        f[base + o.y] = (j + uniform01(wy)) * grid.dx;
        const d = directionIndex(w[3]);
        f[base + o.dirX] = UNIT_CIRCLE[d];
        f[base + o.dirY] = UNIT_CIRCLE[d + 1];
        state.count++;
        state.events[EVENT_RECRUITS * T + r.type]++;
      }
    }
  }
}
