/**
 * Heat-map colours of one field, on the CPU: the ramp of rampColor (src/analysis/tissueImage.ts) at
 * t = value / typicalMax clamped to [0, 1], as RGBA8 (alpha 255). Computed in f32 step by step exactly as
 * shaders/colour_field.wgsl does, so the CPU and GPU heat maps agree byte for byte (up to the one
 * rounding a GPU compiler may fuse, see tests/render/fieldColouring.gpu.test.ts).
 */
import { rampColor } from '../analysis/tissueImage.ts';

const f32 = Math.fround;

/**
 * The ramp's control points (RGB, 0..255), evenly spaced in t: read off rampColor at its five stops
 * (tests/render/fieldColours.test.ts checks that these reproduce rampColor everywhere).
 */
export const RAMP_STOPS: readonly (readonly [number, number, number])[] = [0, 0.25, 0.5, 0.75, 1].map((t) => rampColor(t));

/** The f32 factor t = value × fieldScale(typicalMax) (1 / typicalMax; 1 when typicalMax is not positive). */
export function fieldScale(typicalMax: number): number {
  return f32(1 / (typicalMax > 0 ? typicalMax : 1));
}

/** One channel: a + (b − a)·w rounded to the nearest byte, each step rounded to f32. */
function channel(a: number, b: number, w: number): number {
  return Math.floor(f32(f32(a + f32((b - a) * w)) + 0.5));
}

/**
 * Writes the colours of `values` (nx × ny voxels, row-major, j·nx + i) into `out` as RGBA8 rows of
 * `rowBytes` bytes (default nx·4); `scale` is fieldScale(typicalMax). Returns `out`.
 */
export function colourField(values: ArrayLike<number>, scale: number, nx: number, ny: number, out: Uint8Array, rowBytes = nx * 4): Uint8Array {
  if (values.length < nx * ny) throw new Error(`colourField: ${values.length} values for a ${nx} × ${ny} grid`);
  if (rowBytes < nx * 4 || out.length < rowBytes * (ny - 1) + nx * 4) throw new Error(`colourField: ${out.length} bytes in rows of ${rowBytes} cannot hold ${nx} × ${ny} RGBA texels`);
  const last = RAMP_STOPS.length - 1;
  const s = f32(scale);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = f32(values[j * nx + i] * s);
      // NaN and negative values go to 0, like the kernel's select(0, min(v, 1), v > 0).
      const t = v > 0 ? Math.min(v, 1) : 0;
      const x = f32(t * last);
      const k = Math.min(Math.floor(x), last - 1);
      const w = f32(x - k);
      const a = RAMP_STOPS[k];
      const b = RAMP_STOPS[k + 1];
      const p = j * rowBytes + i * 4;
      out[p] = channel(a[0], b[0], w);
      out[p + 1] = channel(a[1], b[1], w);
      out[p + 2] = channel(a[2], b[2], w);
      out[p + 3] = 255;
    }
  }
  return out;
}
