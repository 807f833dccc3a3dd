/**
 * Phase depositExchange: every agent adds its secretion (amount per minute) and its uptake clearance
 * (µm³ per minute) into the voxel under it, as fixed-point integers (fixedPoint.ts), per field.
 * Secretion is scaled by the rules' secretion scale and clamped to the accumulator's design maximum.
 */
import type { ExchangeScales } from '../fixedPoint.ts';
import type { KernelContext } from './kernelContext.ts';

/** Accumulates `count` agents of the buffer bound to `ctx` into `secretion` and `clearance` (field·cells + cell). */
export function depositExchange(ctx: KernelContext, count: number, scales: ExchangeScales, secretion: Int32Array, clearance: Int32Array): void {
  const { o, stride, tables, grid } = ctx;
  const { nx, ny, dx, cells } = grid;
  const f = ctx.f;
  const u = ctx.u;
  const F = tables.fields;
  const secScale = ctx.rules.secretionScale;
  for (let i = 0, base = 0; i < count; i++, base += stride) {
    const type = u[base + o.type];
    const fieldsOfType = ctx.exchangeFields[type];
    if (fieldsOfType.length === 0) continue;
    let vi = Math.floor(f[base + o.x] / dx);
    let vj = Math.floor(f[base + o.y] / dx);
    vi = vi < 0 ? 0 : vi >= nx ? nx - 1 : vi;
    vj = vj < 0 ? 0 : vj >= ny ? ny - 1 : vj;
    const voxel = vj * nx + vi;
    for (let k = 0; k < fieldsOfType.length; k++) {
      const field = fieldsOfType[k];
      const s = tables.secretion[type * F + field];
      if (s > 0) {
        let rate = secScale ? s * secScale(ctx, base, type, field) : s;
        if (rate > scales.secretionMax[field]) rate = scales.secretionMax[field];
        if (rate > 0) secretion[field * cells + voxel] += Math.floor(rate * scales.secretionScale[field] + 0.5);
      }
      const c = tables.clearance[type * F + field];
      if (c > 0) clearance[field * cells + voxel] += Math.floor(Math.min(c, scales.clearanceMax[field]) * scales.clearanceScale[field] + 0.5);
    }
  }
}
