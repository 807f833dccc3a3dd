/**
 * Dosing events (model.md §4): each dose of an arm becomes injections at the steps of its schedule
 * (at_day, then every every_days until until_day; each time rounded to the nearest step). The delivered
 * exosome mass is amount (µg, or particles / particlesPerUg) x purity (0 for an exosome-depleted product).
 * Routes put it into the exosome field (µg/mL; 1 mL = 1e12 µm³) or the carrier field:
 * - margin_injection: N boluses (dose.points, default dosing.defaultPoints) at the region's edge, at
 *   equal angles around its centroid, each spread evenly over the voxels within dosing.injectionRadius;
 * - local_injection, intra_articular: spread evenly over the target region;
 * - topical (hydrogel) and carrier (e.g. collagen sponge): into the carrier field over the target region,
 *   released into the exosome field with the dose's release half-life (engine, diffuseFields.ts);
 * - systemic: dosing.systemicFraction of the mass arrives in proportion to the perfused-vessel field at the
 *   time of the dose.
 * The target region is dose.region, else the defect region. A dose that delivers nothing makes no event,
 * so a sham (amount 0) or depleted product leaves the run identical to the untreated one.
 */
import type { ModelDefinition } from '../model/rules.ts';
import type { RegionMasks } from '../scenario/regions.ts';
import type { Dose, Scenario } from '../scenario/schema.ts';
import { effectivePurity } from '../model/catalogue/products.ts';
import type { Grid } from './grid.ts';
import { doseProduct } from './armContext.ts';

const UM3_PER_ML = 1e12;

/** A dose at one step: fixed voxel increments of a field, or a systemic mass spread by vessel density. */
export type Injection =
  | { step: number; kind: 'voxels'; field: number; voxels: Int32Array; add: Float32Array }
  | { step: number; kind: 'systemic'; field: number; vesselField: number; massUg: number };

/** Steps of a dose's schedule within the run (rounded to the nearest step). */
export function doseSteps(dose: Dose, dt: number, totalSteps: number): number[] {
  const steps: number[] = [];
  const last = dose.every_days === undefined ? dose.at_day : (dose.until_day ?? Number.POSITIVE_INFINITY);
  for (let k = 0; ; k++) {
    const day = dose.at_day + k * (dose.every_days ?? 0);
    if (day > last + 1e-9) break;
    const step = Math.floor((day * 1440) / dt + 0.5);
    if (step >= totalSteps) break;
    steps.push(step);
    if (dose.every_days === undefined) break;
  }
  return steps;
}

/** Voxels of a mask on its edge (inside, with a 4-neighbour outside or on the domain edge). */
function edgeVoxels(grid: Grid, mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      const k = j * grid.nx + i;
      if (!mask[k]) continue;
      if (i === 0 || j === 0 || i === grid.nx - 1 || j === grid.ny - 1 || !mask[k - 1] || !mask[k + 1] || !mask[k - grid.nx] || !mask[k + grid.nx]) out.push(k);
    }
  }
  return out;
}

/** Evenly spread `massUg` over `voxels`: the concentration increment per voxel, µg/mL. */
function spread(grid: Grid, voxels: number[], massUg: number): { voxels: Int32Array; add: Float32Array } {
  const add = (massUg / (voxels.length * grid.voxelVolume)) * UM3_PER_ML;
  return { voxels: Int32Array.from(voxels), add: new Float32Array(voxels.length).fill(add) };
}

/** Boluses at `points` equal angles around the region's edge, each over a disc of `radius` µm. */
function marginBoluses(grid: Grid, mask: Uint8Array, points: number, radius: number, massUg: number) {
  const edge = edgeVoxels(grid, mask);
  let cx = 0;
  let cy = 0;
  let n = 0;
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    cx += (k % grid.nx) + 0.5;
    cy += Math.floor(k / grid.nx) + 0.5;
    n++;
  }
  cx /= n;
  cy /= n;
  const add = new Map<number, number>();
  const r = radius / grid.dx;
  for (let p = 0; p < points; p++) {
    const target = (2 * Math.PI * p) / points;
    let best = edge[0];
    let bestDiff = Number.POSITIVE_INFINITY;
    for (const k of edge) {
      const angle = Math.atan2(Math.floor(k / grid.nx) + 0.5 - cy, (k % grid.nx) + 0.5 - cx);
      let diff = Math.abs(angle - target) % (2 * Math.PI);
      if (diff > Math.PI) diff = 2 * Math.PI - diff;
      if (diff < bestDiff - 1e-12) {
        bestDiff = diff;
        best = k;
      }
    }
    const bi = best % grid.nx;
    const bj = Math.floor(best / grid.nx);
    const disc: number[] = [];
    for (let j = Math.max(0, Math.floor(bj - r)); j <= Math.min(grid.ny - 1, Math.ceil(bj + r)); j++) {
      for (let i = Math.max(0, Math.floor(bi - r)); i <= Math.min(grid.nx - 1, Math.ceil(bi + r)); i++) {
        if ((i - bi) ** 2 + (j - bj) ** 2 <= r * r) disc.push(j * grid.nx + i);
      }
    }
    const per = (massUg / points / (disc.length * grid.voxelVolume)) * UM3_PER_ML;
    for (const k of disc) add.set(k, (add.get(k) ?? 0) + per);
  }
  const voxels = [...add.keys()].sort((a, b) => a - b);
  return { voxels: Int32Array.from(voxels), add: Float32Array.from(voxels, (k) => add.get(k)!) };
}

export interface DosingPlan {
  injections: Injection[];
  /** Release rate of the carrier field, 1/min (0 when the arm uses no carrier). */
  carrierRelease: number;
}

/** Plans the injections of an arm's doses; the scenario must have passed semantic validation. */
export function planDosing(
  model: ModelDefinition,
  values: ReadonlyMap<string, number>,
  scenario: Scenario,
  doses: readonly Dose[],
  grid: Grid,
  regions: RegionMasks,
  dt: number,
  totalSteps: number,
): DosingPlan {
  const spec = model.compiled.spec.dosing;
  if (!spec || doses.length === 0) return { injections: [], carrierRelease: 0 };
  const fieldIndex = model.compiled.fieldIndex;
  const exo = fieldIndex[spec.exosomeField];
  const carrier = fieldIndex[spec.carrierField];
  const injections: Injection[] = [];
  let carrierHalfLifeH = 0;
  for (const dose of doses) {
    const product = doseProduct(dose, scenario)!.product;
    const amountUg = dose.unit === 'ug' ? dose.amount : dose.amount / values.get('dosing.particlesPerUg')!;
    const mass = amountUg * effectivePurity(product);
    if (!(mass > 0)) continue;
    const mask = regions.get(dose.region ?? scenario.defect_region)!;
    const inside: number[] = [];
    for (let k = 0; k < mask.length; k++) if (mask[k]) inside.push(k);
    for (const step of doseSteps(dose, dt, totalSteps)) {
      switch (dose.route) {
        case 'margin_injection': {
          const points = dose.points ?? Math.floor(values.get('dosing.defaultPoints')! + 0.5);
          injections.push({ step, kind: 'voxels', field: exo, ...marginBoluses(grid, mask, points, values.get('dosing.injectionRadius')!, mass) });
          break;
        }
        case 'local_injection':
        case 'intra_articular':
          injections.push({ step, kind: 'voxels', field: exo, ...spread(grid, inside, mass) });
          break;
        case 'topical':
        case 'carrier':
          carrierHalfLifeH = dose.release_half_life_h ?? values.get('dosing.carrierHalfLife')!;
          injections.push({ step, kind: 'voxels', field: carrier, ...spread(grid, inside, mass) });
          break;
        case 'systemic':
          injections.push({ step, kind: 'systemic', field: exo, vesselField: fieldIndex[spec.vesselField], massUg: mass * values.get('dosing.systemicFraction')! });
          break;
      }
    }
  }
  injections.sort((a, b) => a.step - b.step);
  return { injections, carrierRelease: carrierHalfLifeH > 0 ? Math.LN2 / (carrierHalfLifeH * 60) : 0 };
}

/** Applies the injections due at `step` to the packed fields (field·cells + cell). */
export function applyInjections(plan: DosingPlan, step: number, fields: Float32Array, grid: Grid): void {
  const cells = grid.cells;
  for (const inj of plan.injections) {
    if (inj.step !== step) continue;
    const base = inj.field * cells;
    if (inj.kind === 'voxels') {
      for (let k = 0; k < inj.voxels.length; k++) fields[base + inj.voxels[k]] += inj.add[k];
    } else {
      const vessels = inj.vesselField * cells;
      let total = 0;
      for (let k = 0; k < cells; k++) total += fields[vessels + k];
      if (!(total > 0)) continue; // nothing perfused: the dose does not reach the tissue
      const perVessel = (inj.massUg / (total * grid.voxelVolume)) * UM3_PER_ML;
      for (let k = 0; k < cells; k++) fields[base + k] += fields[vessels + k] * perVessel;
    }
  }
}
