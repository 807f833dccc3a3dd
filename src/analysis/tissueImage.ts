/**
 * Draws the tissue into an RGBA pixel buffer without a DOM (for PNG frames from the CLI): one field as a
 * heat map (viridis-like ramp from 0 to the field's typical maximum), the defect outline, and agents as
 * discs of their radius in their type's colour (darker when not in their first state).
 */
import type { CompiledModel } from '../model/compile.ts';
import type { Grid } from '../sim/grid.ts';
import type { SimState } from '../sim/state.ts';

export interface RgbaImage {
  width: number;
  height: number;
  /** Row-major RGBA, 4 bytes per pixel. */
  data: Uint8Array;
}

// Viridis control points (matplotlib), interpolated linearly.
const RAMP: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** Colour of t in [0, 1] on the ramp. */
export function rampColor(t: number): [number, number, number] {
  const x = Math.min(Math.max(t, 0), 1) * (RAMP.length - 1);
  const k = Math.min(Math.floor(x), RAMP.length - 2);
  const w = x - k;
  const a = RAMP[k];
  const b = RAMP[k + 1];
  return [a[0] + (b[0] - a[0]) * w, a[1] + (b[1] - a[1]) * w, a[2] + (b[2] - a[2]) * w];
}

function hexColor(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** Renders the state at `pixelsPerVoxel` (≥ 1) pixels per voxel edge; `radii` are the cell radii by type, µm. */
export function renderTissue(
  compiled: CompiledModel,
  grid: Grid,
  state: SimState,
  field: number,
  defectMask: Uint8Array,
  radii: ArrayLike<number>,
  pixelsPerVoxel: number,
): RgbaImage {
  const ppv = Math.max(1, Math.floor(pixelsPerVoxel));
  const width = grid.nx * ppv;
  const height = grid.ny * ppv;
  const data = new Uint8Array(width * height * 4);
  const max = compiled.spec.fields[field].typicalMax || 1;
  const off = field * grid.cells;
  for (let py = 0; py < height; py++) {
    const j = Math.floor(py / ppv);
    for (let px = 0; px < width; px++) {
      const i = Math.floor(px / ppv);
      const k = j * grid.nx + i;
      const [r, g, b] = rampColor(state.fields[off + k] / max);
      const p = (py * width + px) * 4;
      data[p] = r;
      data[p + 1] = g;
      data[p + 2] = b;
      data[p + 3] = 255;
    }
  }
  // Defect outline: voxels inside whose 4-neighbour is outside, drawn white.
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      const k = j * grid.nx + i;
      if (!defectMask[k]) continue;
      const edge = i === 0 || j === 0 || i === grid.nx - 1 || j === grid.ny - 1 || !defectMask[k - 1] || !defectMask[k + 1] || !defectMask[k - grid.nx] || !defectMask[k + grid.nx];
      if (!edge) continue;
      for (let py = j * ppv; py < (j + 1) * ppv; py++) {
        for (let px = i * ppv; px < (i + 1) * ppv; px++) data.fill(255, (py * width + px) * 4, (py * width + px) * 4 + 3);
      }
    }
  }
  const colors = compiled.spec.cellTypes.map((c) => hexColor(c.color));
  const o = compiled.layout.offset;
  const scale = ppv / grid.dx;
  for (let a = 0, base = 0; a < state.count; a++, base += state.stride) {
    const type = state.u[base + o.cellType];
    const radiusPx = Math.max(0.75, radii[type] * scale);
    const cx = state.f[base + o.x] * scale;
    const cy = state.f[base + o.y] * scale;
    const dim = state.u[base + o.cellState] === 0 ? 1 : 0.55;
    const [r, g, b] = colors[type];
    const x0 = Math.max(0, Math.floor(cx - radiusPx));
    const x1 = Math.min(width - 1, Math.ceil(cx + radiusPx));
    const y0 = Math.max(0, Math.floor(cy - radiusPx));
    const y1 = Math.min(height - 1, Math.ceil(cy + radiusPx));
    for (let py = y0; py <= y1; py++) {
      for (let px = x0; px <= x1; px++) {
        const ddx = px + 0.5 - cx;
        const ddy = py + 0.5 - cy;
        if (ddx * ddx + ddy * ddy > radiusPx * radiusPx) continue;
        const p = (py * width + px) * 4;
        data[p] = r * dim;
        data[p + 1] = g * dim;
        data[p + 2] = b * dim;
      }
    }
  }
  return { width, height, data };
}
