/**
 * Phase reduceReadouts (CPU): evaluates the base read-out reductions over the current state. An agent is
 * inside a region when the voxel under it is; field reductions run over the region's voxels.
 * Sums run in float64 in a fixed order (deterministic). Bridging is a flood fill (bridging.ts).
 */
import type { CompiledModel } from '../../model/compile.ts';
import type { AgentSelector, ReadoutSpec } from '../../model/types.ts';
import type { RegionMasks } from '../../scenario/regions.ts';
import type { Grid } from '../grid.ts';
import { CELL_EVENTS, type SimState } from '../state.ts';
import { BridgeReduction } from './bridging.ts';
import { regionMask } from './regionMask.ts';

/** Per type a bit mask of accepted states (bit s set = state s accepted). */
export type StateFilter = Uint32Array;

/** The states each type passes under a selector. */
export function selectorFilter(compiled: CompiledModel, sel: AgentSelector): StateFilter {
  const filter = new Uint32Array(compiled.spec.cellTypes.length);
  for (const t of sel.types) {
    const ti = compiled.cellTypeIndex[t];
    if (sel.states) for (const s of sel.states) filter[ti] |= 1 << compiled.stateIndex[t][s];
    else filter[ti] = 0xffffffff;
  }
  return filter;
}

type Reducer = (state: SimState) => number;

/** Compiles the base read-outs into reducer closures. */
export class ReadoutReducer {
  private readonly reducers: Reducer[];

  constructor(compiled: CompiledModel, grid: Grid, regions: RegionMasks, defect: Uint8Array, base: readonly ReadoutSpec[]) {
    const o = compiled.layout.offset;
    const cells = grid.cells;
    const voxelOf = (state: SimState, b: number) => {
      let i = Math.floor(state.f[b + o.x] / grid.dx);
      let j = Math.floor(state.f[b + o.y] / grid.dx);
      i = i < 0 ? 0 : i >= grid.nx ? grid.nx - 1 : i;
      j = j < 0 ? 0 : j >= grid.ny ? grid.ny - 1 : j;
      return j * grid.nx + i;
    };
    const countAgents = (state: SimState, filter: StateFilter, mask: Uint8Array, variable = -1): [number, number] => {
      let n = 0;
      let sum = 0;
      for (let a = 0, b = 0; a < state.count; a++, b += state.stride) {
        if (!((filter[state.u[b + o.cellType]] >>> state.u[b + o.cellState]) & 1)) continue;
        if (!mask[voxelOf(state, b)]) continue;
        n++;
        if (variable >= 0) sum += state.f[b + variable];
      }
      return [n, sum];
    };
    const overVoxels = (mask: Uint8Array, fieldIndex: number, visit: (value: number) => void) => (state: SimState) => {
      const off = fieldIndex * cells;
      for (let k = 0; k < cells; k++) if (mask[k]) visit(state.fields[off + k]);
    };

    this.reducers = base.map((r): Reducer => {
      const red = r.reduction;
      switch (red.kind) {
        case 'count': {
          const filter = selectorFilter(compiled, red.agents);
          const mask = regionMask(red.region, regions, defect);
          return (s) => countAgents(s, filter, mask)[0];
        }
        case 'fraction': {
          const of = selectorFilter(compiled, red.of);
          const among = selectorFilter(compiled, red.among);
          const mask = regionMask(red.region, regions, defect);
          return (s) => {
            const n = countAgents(s, among, mask)[0];
            return n === 0 ? 0 : countAgents(s, of, mask)[0] / n;
          };
        }
        case 'agentMean': {
          const filter = selectorFilter(compiled, red.agents);
          const mask = regionMask(red.region, regions, defect);
          const variable = o[red.variable];
          return (s) => {
            const [n, sum] = countAgents(s, filter, mask, variable);
            return n === 0 ? 0 : sum / n;
          };
        }
        case 'agentSum': {
          const filter = selectorFilter(compiled, red.agents);
          const mask = regionMask(red.region, regions, defect);
          const variable = o[red.variable];
          const scale = red.scale ?? 1;
          return (s) => countAgents(s, filter, mask, variable)[1] * scale;
        }
        case 'eventCount': {
          const k = CELL_EVENTS.indexOf(red.event);
          const T = compiled.spec.cellTypes.length;
          const types = red.types.map((t) => compiled.cellTypeIndex[t]);
          return (s) => types.reduce((sum, t) => sum + s.events[k * T + t], 0);
        }
        case 'fieldMean': {
          const mask = regionMask(red.region, regions, defect);
          const field = compiled.fieldIndex[red.field as string];
          const scale = red.scale ?? 1;
          return (s) => {
            let n = 0;
            let sum = 0;
            overVoxels(mask, field, (v) => {
              n++;
              sum += v;
            })(s);
            return n === 0 ? 0 : (sum / n) * scale;
          };
        }
        case 'fieldSum': {
          const mask = regionMask(red.region, regions, defect);
          const fields = (typeof red.field === 'string' ? [red.field] : red.field).map((f) => compiled.fieldIndex[f]);
          const scale = (red.scale ?? 1) * grid.voxelVolume;
          return (s) => {
            let sum = 0;
            for (const field of fields) overVoxels(mask, field, (v) => (sum += v))(s);
            return sum * scale;
          };
        }
        case 'area':
        case 'areaPercent': {
          const mask = regionMask(red.region, regions, defect);
          const [first, ...rest] = (typeof red.field === 'string' ? [red.field] : red.field).map((f) => compiled.fieldIndex[f]);
          const below = red.below ?? Number.POSITIVE_INFINITY;
          const atLeast = red.atLeast ?? Number.NEGATIVE_INFINITY;
          return (s) => {
            let n = 0;
            let hit = 0;
            for (let k = 0; k < cells; k++) {
              if (!mask[k]) continue;
              // Summed in f32 in the listed order, as the GPU does, so both backends decide alike.
              let v = s.fields[first * cells + k];
              for (const f of rest) v = Math.fround(v + s.fields[f * cells + k]);
              n++;
              if (v < below && v >= atLeast) hit++;
            }
            if (red.kind === 'area') return (hit * grid.dx * grid.dx) / 1e6;
            return n === 0 ? 0 : (100 * hit) / n;
          };
        }
        case 'bridged': {
          const bridge = new BridgeReduction(compiled, grid, regions, defect, { ...r, reduction: red });
          return (s) => bridge.value(s.fields);
        }
        default:
          throw new Error(`read-out ${r.name} (${red.kind}) is not a base reduction`);
      }
    });
  }

  /** Values of the base read-outs, in the order given to the constructor. */
  evaluate(state: SimState): Float64Array {
    return Float64Array.from(this.reducers, (r) => r(state));
  }
}
