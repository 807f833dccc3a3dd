/**
 * The run's constant tables for the GPU, in one read-only f32 storage buffer: the per-type phenotype
 * tables of the CPU backend (phenotypeTables.ts, KernelContext's derived pair tables), the fixed-point
 * exchange scales (fixedPoint.ts), field availability (inhibitors), the unit-circle table (unitCircle.ts)
 * and the edge thresholds of voxels and bins (edgeThresholds.ts). Each table's word offset becomes a
 * `TAB_*` constant of the run's prelude, so kernels read `tables[TAB_RADIUS + type]`.
 * Values are the CPU's float64 values rounded to f32 (what the CPU stores when it writes them to agents).
 */
import type { ExchangeScales } from '../fixedPoint.ts';
import type { Grid } from '../grid.ts';
import { ADHESION_REACH, type PhenotypeTables } from '../phenotypeTables.ts';
import { UNIT_CIRCLE } from '../unitCircle.ts';
import { binThresholds, voxelThresholds } from './edgeThresholds.ts';

/** Neighbour-bin geometry, as NeighbourBins builds it (neighbourBins.ts). */
export interface BinGeometry {
  nbx: number;
  nby: number;
  /** Bins per µm along x and y (nbx / width, nby / height), float64. */
  scaleX: number;
  scaleY: number;
}

/** The bins of a run whose interaction range is `range` µm (same formula as NeighbourBins). */
export function binGeometry(grid: Grid, range: number): BinGeometry {
  const size = Math.max(range, 1e-3);
  const nbx = Math.max(1, Math.floor(grid.width / size));
  const nby = Math.max(1, Math.floor(grid.height / size));
  return { nbx, nby, scaleX: nbx / grid.width, scaleY: nby / grid.height };
}

export interface RunTables {
  data: Float32Array;
  /** Word offset of each table by its WGSL name (TAB_RADIUS ...). */
  offsets: Record<string, number>;
}

/** Lays out every table of a run. `availability` is the arm's sensed fraction per field. */
export function buildRunTables(tables: PhenotypeTables, scales: ExchangeScales, availability: Float64Array, grid: Grid, bins: BinGeometry, dt: number): RunTables {
  const T = tables.types;
  const parts: [string, ArrayLike<number>][] = [];
  const add = (name: string, values: ArrayLike<number>) => parts.push([name, values]);
  const perType = (f: (t: number) => number) => Float64Array.from({ length: T }, (_, t) => f(t));
  const perPair = (f: (a: number, b: number) => number) => Float64Array.from({ length: T * T }, (_, k) => f(Math.floor(k / T), k % T));

  add('TAB_RADIUS', tables.radius);
  add('TAB_SPEED', tables.speed);
  add('TAB_TURN_PROBABILITY', perType((t) => 1 - Math.exp(-dt * tables.turnRate[t])));
  add('TAB_CYCLE_RATE', tables.cycleRate);
  add('TAB_CONTACT_INHIBITION', tables.contactInhibition);
  add('TAB_DEATH_RATE', tables.deathRate);
  add(
    'TAB_TAXIS_RANDOM_WEIGHT',
    perType((t) => {
      let sum = 0;
      for (let k = 0; k < tables.fields; k++) sum += Math.abs(tables.taxisBias[t * tables.fields + k]);
      return Math.max(0, 1 - sum);
    }),
  );
  add('TAB_TAXIS_BIAS', tables.taxisBias);
  add('TAB_SECRETION', tables.secretion);
  add('TAB_FOOTPRINT', tables.footprint);
  add('TAB_CAP', tables.cap);
  add('TAB_CLEARANCE', tables.clearance);
  add('TAB_REPULSION_PAIR', perPair((a, b) => Math.sqrt(tables.repulsion[a] * tables.repulsion[b])));
  add('TAB_ADHESION_PAIR', perPair((a, b) => Math.sqrt(tables.adhesion[a] * tables.adhesion[b])));
  add('TAB_INV_CONTACT', perPair((a, b) => 1 / (tables.radius[a] + tables.radius[b])));
  add('TAB_REACH2', perPair((a, b) => (tables.sameLayer[a * T + b] ? ((tables.radius[a] + tables.radius[b]) * ADHESION_REACH) ** 2 : 0)));
  add('TAB_INV_REACH', perPair((a, b) => 1 / ((tables.radius[a] + tables.radius[b]) * ADHESION_REACH)));
  add('TAB_AVAILABILITY', availability);
  add('TAB_SECRETION_MAX', scales.secretionMax);
  add('TAB_SECRETION_SCALE', scales.secretionScale);
  add('TAB_CLEARANCE_MAX', scales.clearanceMax);
  add('TAB_CLEARANCE_SCALE', scales.clearanceScale);
  add('TAB_UNIT_CIRCLE', UNIT_CIRCLE);
  add('TAB_VOXEL_EDGE_X', voxelThresholds(grid.nx, grid.dx));
  add('TAB_VOXEL_EDGE_Y', voxelThresholds(grid.ny, grid.dx));
  add('TAB_BIN_EDGE_X', binThresholds(bins.nbx, bins.scaleX));
  add('TAB_BIN_EDGE_Y', binThresholds(bins.nby, bins.scaleY));

  const offsets: Record<string, number> = {};
  let words = 0;
  for (const [name, values] of parts) {
    offsets[name] = words;
    words += values.length;
  }
  const data = new Float32Array(words);
  for (const [name, values] of parts) data.set(values, offsets[name]);
  return { data, offsets };
}
