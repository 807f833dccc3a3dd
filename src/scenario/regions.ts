/**
 * Rasterises scenario regions (circle, ellipse, rect, polygon, whole domain; each optionally minus other
 * regions) into voxel masks: a voxel belongs to a region when its centre lies inside the shape.
 */
import type { Grid } from '../sim/grid.ts';
import type { Region } from './schema.ts';

/** One mask byte per voxel (1 = inside), by region name. */
export type RegionMasks = ReadonlyMap<string, Uint8Array>;

/** True when point (x, y) µm lies inside the shape of `region` (ignoring `minus`). */
export function insideShape(region: Region, x: number, y: number): boolean {
  switch (region.shape) {
    case 'domain':
      return true;
    case 'circle': {
      const dx = x - region.center_um[0];
      const dy = y - region.center_um[1];
      return dx * dx + dy * dy <= region.radius_um * region.radius_um;
    }
    case 'ellipse': {
      const u = (x - region.center_um[0]) / region.radii_um[0];
      const v = (y - region.center_um[1]) / region.radii_um[1];
      return u * u + v * v <= 1;
    }
    case 'rect':
      return x >= region.min_um[0] && x <= region.max_um[0] && y >= region.min_um[1] && y <= region.max_um[1];
    case 'polygon': {
      // Even-odd rule (ray casting).
      const pts = region.points_um;
      let inside = false;
      for (let a = 0, b = pts.length - 1; a < pts.length; b = a++) {
        const [xa, ya] = pts[a];
        const [xb, yb] = pts[b];
        if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
      }
      return inside;
    }
  }
}

/** Rasterises every region; `minus` references must already be checked to exist and be acyclic. */
export function rasterizeRegions(grid: Grid, regions: Readonly<Record<string, Region>>): RegionMasks {
  const masks = new Map<string, Uint8Array>();
  const build = (name: string): Uint8Array => {
    const done = masks.get(name);
    if (done) return done;
    const region = regions[name];
    const mask = new Uint8Array(grid.cells);
    for (let j = 0; j < grid.ny; j++) {
      const y = (j + 0.5) * grid.dx;
      for (let i = 0; i < grid.nx; i++) {
        if (insideShape(region, (i + 0.5) * grid.dx, y)) mask[j * grid.nx + i] = 1;
      }
    }
    for (const other of region.minus ?? []) {
      const sub = build(other);
      for (let k = 0; k < mask.length; k++) if (sub[k]) mask[k] = 0;
    }
    masks.set(name, mask);
    return mask;
  };
  for (const name of Object.keys(regions)) build(name);
  masks.set('domain', masks.get('domain') ?? new Uint8Array(grid.cells).fill(1));
  return masks;
}

/** Area of a mask, mm². */
export function maskAreaMm2(grid: Grid, mask: Uint8Array): number {
  let n = 0;
  for (let k = 0; k < mask.length; k++) n += mask[k];
  return (n * grid.dx * grid.dx) / 1e6;
}
