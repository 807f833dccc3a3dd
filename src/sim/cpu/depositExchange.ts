/**
 * Phase depositExchange: every agent adds its secretion (amount per minute) and its uptake clearance
 * (µm³ per minute) into the voxel under it, as fixed-point integers (fixedPoint.ts), per field.
 * Secretion is scaled by the rules' secretion scale and clamped to the accumulator's design maximum.
 * A secretion with a footprint is shared equally by the voxels whose centres lie within that radius of the
 * cell (the voxel under it when none does); with a cap, each voxel's share is scaled by
 * max(0, 1 − value/cap) at the start of the step, so a cover or density field fills up to the cap.
 * With `touched`, every voxel it adds to is marked there (the field phase then converts only those).
 */
import type { ExchangeScales } from '../fixedPoint.ts';
import type { KernelContext } from './kernelContext.ts';
import type { TouchedVoxels } from './touchedVoxels.ts';

/** Accumulates `count` agents of the buffer bound to `ctx` into `secretion` and `clearance` (field·cells + cell). */
export function depositExchange(
  ctx: KernelContext,
  count: number,
  scales: ExchangeScales,
  secretion: Int32Array,
  clearance: Int32Array,
  touched: TouchedVoxels | null = null,
): void {
  const marks = touched?.marks ?? null;
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
        const radius = tables.footprint[type * F + field];
        const cap = tables.cap[type * F + field];
        if (rate > 0 && (radius > 0 || cap > 0)) depositPatch(ctx, field, f[base + o.x], f[base + o.y], radius, cap, rate * scales.secretionScale[field], secretion, marks);
        else if (rate > 0) {
          secretion[field * cells + voxel] += Math.floor(rate * scales.secretionScale[field] + 0.5);
          if (marks) marks[voxel] = 1;
        }
      }
      const c = tables.clearance[type * F + field];
      if (c > 0) {
        clearance[field * cells + voxel] += Math.floor(Math.min(c, scales.clearanceMax[field]) * scales.clearanceScale[field] + 0.5);
        if (marks) marks[voxel] = 1;
      }
    }
  }
}

/**
 * Adds `quanta` (fixed-point amount per minute) over the cell's patch (patchVoxels.ts), equally shared, each
 * share scaled by max(0, 1 − value/cap) when cap > 0.
 */
function depositPatch(
  ctx: KernelContext,
  field: number,
  x: number,
  y: number,
  radius: number,
  cap: number,
  quanta: number,
  secretion: Int32Array,
  marks: Uint8Array | null,
): void {
  const values = ctx.fields;
  const offset = field * ctx.grid.cells;
  const n = ctx.patch.collect(ctx.grid, x, y, radius);
  const voxels = ctx.patch.indices;
  const share = quanta / n;
  for (let q = 0; q < n; q++) {
    const v = offset + voxels[q];
    const room = cap > 0 ? 1 - values[v] / cap : 1;
    if (room > 0) {
      secretion[v] += Math.floor(share * room + 0.5);
      if (marks) marks[voxels[q]] = 1;
    }
  }
}
