/**
 * The bridged read-out (CPU; GPU twin src/sim/gpu/bridgePhase.ts): 1 when a 4-connected path of open
 * voxels joins a voxel of the `from` region to a voxel of the `to` region, else 0. A voxel is open when it
 * lies in the allowed set (the read-out's region, default the defect, united with `from` and `to`) and the
 * f32 sum of the read-out's fields, added in the listed order, is >= atLeast. The f32 sum is the GPU's, so
 * both backends decide every voxel alike (f32Bounds.ts); the answer is a property of the open set alone,
 * found here by a breadth-first flood fill from the open `from` voxels.
 */
import type { CompiledModel } from '../../model/compile.ts';
import type { ReadoutReduction, ReadoutSpec } from '../../model/types.ts';
import type { RegionMasks } from '../../scenario/regions.ts';
import type { Grid } from '../grid.ts';
import { regionMask } from './regionMask.ts';

/** The reduction of a bridged read-out. */
export type BridgedReduction = Extract<ReadoutReduction, { kind: 'bridged' }>;

/** The voxels a bridge may run through (region ∪ from ∪ to) and its two ends; one byte per voxel, 1 = in. */
export interface BridgeMasks {
  allowed: Uint8Array;
  from: Uint8Array;
  to: Uint8Array;
}

/** The masks of a bridged reduction on the scenario's regions. */
export function bridgeMasks(red: BridgedReduction, regions: RegionMasks, defect: Uint8Array): BridgeMasks {
  const from = regionMask(red.from, regions, defect);
  const to = regionMask(red.to, regions, defect);
  const allowed = Uint8Array.from(regionMask(red.region, regions, defect), (v, k) => (v || from[k] || to[k] ? 1 : 0));
  return { allowed, from, to };
}

/** Indices of the summed fields, in the listed order; throws naming the read-out for an unknown field. */
export function bridgeFields(compiled: CompiledModel, r: ReadoutSpec & { reduction: BridgedReduction }): number[] {
  const names = typeof r.reduction.field === 'string' ? [r.reduction.field] : r.reduction.field;
  if (names.length === 0) throw new Error(`read-out ${r.name} (bridged) names no field`);
  return names.map((name) => {
    const index = compiled.fieldIndex[name];
    if (index === undefined) throw new Error(`read-out ${r.name} (bridged) names unknown field "${name}"`);
    return index;
  });
}

/**
 * True when a 4-connected path of open voxels (open[k] != 0) joins a `from` voxel to a `to` voxel on an
 * nx × ny grid (voxel j·nx + i). `seen` and `queue` are scratch arrays of nx·ny entries.
 */
export function pathJoins(
  nx: number,
  ny: number,
  open: Uint8Array,
  from: Uint8Array,
  to: Uint8Array,
  seen: Uint8Array = new Uint8Array(nx * ny),
  queue: Int32Array = new Int32Array(nx * ny),
): boolean {
  const cells = nx * ny;
  seen.fill(0);
  let tail = 0;
  for (let k = 0; k < cells; k++) {
    if (open[k] && from[k]) {
      if (to[k]) return true;
      seen[k] = 1;
      queue[tail++] = k;
    }
  }
  // Queues an open neighbour not seen yet; true when it is a `to` voxel.
  const reach = (n: number): boolean => {
    if (seen[n] || !open[n]) return false;
    if (to[n]) return true;
    seen[n] = 1;
    queue[tail++] = n;
    return false;
  };
  for (let head = 0; head < tail; head++) {
    const k = queue[head];
    const i = k % nx;
    if ((i > 0 && reach(k - 1)) || (i + 1 < nx && reach(k + 1)) || (k >= nx && reach(k - nx)) || (k + nx < cells && reach(k + nx))) return true;
  }
  return false;
}

/** A bridged read-out compiled for one run: its masks, fields and scratch arrays. */
export class BridgeReduction {
  private readonly masks: BridgeMasks;
  private readonly fields: number[];
  private readonly open: Uint8Array;
  private readonly seen: Uint8Array;
  private readonly queue: Int32Array;

  constructor(
    compiled: CompiledModel,
    private readonly grid: Grid,
    regions: RegionMasks,
    defect: Uint8Array,
    private readonly spec: ReadoutSpec & { reduction: BridgedReduction },
  ) {
    this.masks = bridgeMasks(spec.reduction, regions, defect);
    this.fields = bridgeFields(compiled, spec);
    this.open = new Uint8Array(grid.cells);
    this.seen = new Uint8Array(grid.cells);
    this.queue = new Int32Array(grid.cells);
  }

  /** 1 when bridged in these fields (field·cells + voxel, as SimState.fields), else 0. */
  value(fields: Float32Array): number {
    const { cells, nx, ny } = this.grid;
    const [first, ...rest] = this.fields;
    const atLeast = this.spec.reduction.atLeast;
    const allowed = this.masks.allowed;
    for (let k = 0; k < cells; k++) {
      if (!allowed[k]) {
        this.open[k] = 0;
        continue;
      }
      let sum = fields[first * cells + k];
      for (const f of rest) sum = Math.fround(sum + fields[f * cells + k]);
      this.open[k] = sum >= atLeast ? 1 : 0;
    }
    return pathJoins(nx, ny, this.open, this.masks.from, this.masks.to, this.seen, this.queue) ? 1 : 0;
  }
}
