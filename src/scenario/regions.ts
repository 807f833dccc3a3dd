/**
 * Rasterises scenario regions (circle, ellipse, rect, polygon, whole domain) into voxel masks: a voxel
 * belongs to a shape when its centre lies inside it. A region is its shape, plus the regions in `plus`,
 * minus the regions in `minus`, in that order: (shape ∪ plus₁ ∪ plus₂ …) \ (minus₁ ∪ minus₂ …), where the
 * regions named are finished regions (their own plus and minus applied). So a name in both lists is
 * removed, and references must not form a cycle (findRegionCycles).
 */
import type { Grid } from '../sim/grid.ts';
import type { Region } from './schema.ts';

/** One mask byte per voxel (1 = inside), by region name. */
export type RegionMasks = ReadonlyMap<string, Uint8Array>;

/** How one region refers to another. */
export type RegionLink = 'plus' | 'minus';

/** One step of a chain of region references: `from` adds (plus) or removes (minus) `to`. */
export interface RegionStep {
  from: string;
  link: RegionLink;
  to: string;
}

/** The regions a region refers to, in the order they are applied (plus first, then minus). */
export function regionLinks(name: string, region: Region): RegionStep[] {
  const links = (link: RegionLink, names: readonly string[] = []) => names.map((to) => ({ from: name, link, to }));
  return [...links('plus', region.plus), ...links('minus', region.minus)];
}

/** A cycle as text: "ring -minus-> inner -minus-> ring". */
export function describeRegionCycle(cycle: readonly RegionStep[]): string {
  return [cycle[0].from, ...cycle.map((s) => `-${s.link}-> ${s.to}`)].join(' ');
}

/**
 * Every cycle of plus/minus references (which could never be rasterised), each as the steps from the
 * region where a depth-first search over the regions in key order entered it back to that region.
 * References to undefined regions are ignored here (semantics.ts reports them).
 */
export function findRegionCycles(regions: Readonly<Record<string, Region>>): RegionStep[][] {
  const cycles: RegionStep[][] = [];
  const done = new Set<string>();
  const path: RegionStep[] = [];
  const onPath = new Map<string, number>(); // region -> index in `path` of the step leaving it
  const visit = (name: string): void => {
    onPath.set(name, path.length);
    for (const step of regionLinks(name, regions[name])) {
      if (!Object.hasOwn(regions, step.to) || done.has(step.to)) continue;
      const start = onPath.get(step.to);
      if (start !== undefined) {
        cycles.push([...path.slice(start), step]);
        continue;
      }
      path.push(step);
      visit(step.to);
      path.pop();
    }
    onPath.delete(name);
    done.add(name);
  };
  for (const name of Object.keys(regions)) if (!done.has(name)) visit(name);
  return cycles;
}

/** True when point (x, y) µm lies inside the shape of `region` (ignoring `plus` and `minus`). */
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

/**
 * Rasterises every region, and "domain" (the whole grid) unless a region has that name. References are
 * checked by semantics.ts; an undefined name or a cycle met here throws an Error naming it.
 */
export function rasterizeRegions(grid: Grid, regions: Readonly<Record<string, Region>>): RegionMasks {
  const masks = new Map<string, Uint8Array>();
  const building: RegionStep[] = [];
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
    for (const step of regionLinks(name, region)) {
      if (!Object.hasOwn(regions, step.to)) throw new Error(`regions.${name}.${step.link}: no region "${step.to}" is defined`);
      // The chain being built is building[0].from -> ... -> name; step.to on it closes a cycle.
      const start = step.to === name ? building.length : building.findIndex((s) => s.from === step.to);
      if (start >= 0) throw new Error(`regions refer to each other in a cycle: ${describeRegionCycle([...building.slice(start), step])}`);
      building.push(step);
      const other = build(step.to);
      building.pop();
      if (step.link === 'plus') for (let k = 0; k < mask.length; k++) mask[k] |= other[k];
      else for (let k = 0; k < mask.length; k++) if (other[k]) mask[k] = 0;
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
