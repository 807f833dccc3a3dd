/**
 * The base read-outs on the GPU (shaders/reduce_readouts.wgsl; CPU twin ReadoutReducer of
 * src/sim/cpu/reduceReadouts.ts), same values in the same order. Each read-out becomes queries: agent
 * queries (count and sum of a variable over the agents a selector and a region mask pass) and voxel
 * queries (sum of a field over a mask, count of voxels within thresholds). The GPU reduces them in a fixed
 * tree order with compensated f32 sums (compensated_sum.wgsl); only one (count, hi, lo) per query and the
 * event counters come back, and the CPU finishes each read-out in float64 as ReadoutReducer does. Counts are
 * exact (thresholds rounded by f32Above, so decisions are the CPU's); sums carry about twice f32's precision
 * and agree with the CPU's float64 sums to about 1e-12 relative (6e-14 measured on the skin wound; a driver
 * that dropped the compensation would still give the f32 tree's ~1e-7). Masks, selectors and thresholds are
 * uploaded once, at create. A bridged read-out runs its own kernels (bridgePhase.ts) in the same pass and
 * adds one u32 (0/1) to the read-back.
 */
import type { ReadoutSpec } from '../../model/types.ts';
import type { RunSetup } from '../runSetup.ts';
import { selectorFilter } from '../cpu/reduceReadouts.ts';
import { regionMask } from '../cpu/regionMask.ts';
import { CELL_EVENTS } from '../state.ts';
import { BridgePhase, packMasks, type BridgedReadout } from './bridgePhase.ts';
import { AGENT_WORKGROUP } from './gpuBudget.ts';
import type { GpuRun, Kernel } from './gpuRun.ts';
import { COUNTERS } from './runPrelude.ts';
import { f32Above } from './f32Bounds.ts';
import { u32Const } from './wgslLiterals.ts';

/** Bytes of a query result (Partial of reduce_readouts.wgsl: count, hi, lo). */
const RESULT_BYTES = 12;
/** Words of a voxel query (reduce_readouts.wgsl). */
const VOXEL_QUERY_WORDS = 9;
/** Fields a voxel query may sum (area read-outs over a list of fields, e.g. woven + lamellar bone). */
const MAX_SUMMED_FIELDS = 4;

/** The counts and sums of the queries, and the event counters. */
interface Totals {
  agentCount(q: number): number;
  agentSum(q: number): number;
  voxelHits(q: number): number;
  voxelSum(q: number): number;
  events: Uint32Array;
  /** The answer (0/1) of bridged read-out b. */
  bridged(b: number): number;
}

/** A read-out's value from the totals (ReadoutReducer's formula). */
type Finish = (t: Totals) => number;

/** The queries of a set of read-outs, shared where equal. */
class QueryPlan {
  readonly masks: Uint8Array[] = [];
  readonly agent: { mask: number; filter: Uint32Array; variable: string | null }[] = [];
  /** below, atLeast: f32 bounds (f32Above of the read-out's), null when the read-out has none. */
  readonly voxel: { mask: number; fields: readonly number[]; below: number | null; atLeast: number | null }[] = [];
  readonly bridges: BridgedReadout[] = [];
  private readonly keys = new Map<string, number>();

  mask(mask: Uint8Array): number {
    const k = this.masks.indexOf(mask);
    return k >= 0 ? k : this.masks.push(mask) - 1;
  }

  agentQuery(mask: Uint8Array, filter: Uint32Array, variable: string | null = null): number {
    const m = this.mask(mask);
    return this.shared(`a ${m} ${filter.join(',')} ${variable}`, () => this.agent.push({ mask: m, filter, variable }) - 1);
  }

  /** A voxel query over `fields` (summed in f32 in this order; at most MAX_SUMMED_FIELDS). */
  voxelQuery(mask: Uint8Array, fields: number | readonly number[], below?: number, atLeast?: number): number {
    const m = this.mask(mask);
    const list = typeof fields === 'number' ? [fields] : fields;
    if (list.length < 1 || list.length > MAX_SUMMED_FIELDS) throw new Error(`a GPU read-out query sums 1 to ${MAX_SUMMED_FIELDS} fields, not ${list.length}`);
    const b = below === undefined ? null : f32Above(below);
    const a = atLeast === undefined ? null : f32Above(atLeast);
    return this.shared(`v ${m} ${list.join('+')} ${b} ${a}`, () => this.voxel.push({ mask: m, fields: list, below: b, atLeast: a }) - 1);
  }

  bridge(r: BridgedReadout): number {
    return this.bridges.push(r) - 1;
  }

  private shared(key: string, add: () => number): number {
    let q = this.keys.get(key);
    if (q === undefined) {
      q = add();
      this.keys.set(key, q);
    }
    return q;
  }
}

export class ReadoutPhase {
  private constructor(
    private readonly run: GpuRun,
    private readonly finishes: readonly Finish[],
    private readonly queries: { agent: number; voxel: number },
    private readonly kernels: { agents: Kernel | null; voxels: Kernel | null; finish: Kernel | null; voxelGroups: [number, number] },
    private readonly bridges: readonly BridgePhase[],
    private readonly results: GPUBuffer,
  ) {}

  static async create(run: GpuRun, base: readonly ReadoutSpec[]): Promise<ReadoutPhase> {
    const { grid } = run.setup;
    const compiled = run.setup.model.compiled;
    const T = run.types;
    const plan = new QueryPlan();
    const finishes = base.map((r) => planReadout(plan, r, run.setup));

    const queries = { agent: plan.agent.length, voxel: plan.voxel.length };
    const total = queries.agent + queries.voxel;
    const results = run.buffer('read-out results', total * RESULT_BYTES + (CELL_EVENTS.length * T + plan.bridges.length) * 4);
    const bridges = await Promise.all(plan.bridges.map((r) => BridgePhase.create(run, r)));
    if (total === 0) return new ReadoutPhase(run, finishes, queries, { agents: null, voxels: null, finish: null, voxelGroups: [0, 0] }, bridges, results);

    const queryWords = new Uint32Array(queries.agent * (1 + T) + VOXEL_QUERY_WORDS * queries.voxel);
    const queryFloats = new Float32Array(queryWords.buffer);
    plan.agent.forEach((a, q) => {
      queryWords[q * (1 + T)] = a.mask;
      queryWords.set(a.filter, q * (1 + T) + 1);
    });
    plan.voxel.forEach((v, q) => {
      const at = queries.agent * (1 + T) + VOXEL_QUERY_WORDS * q;
      queryWords[at] = v.mask;
      queryWords[at + 1] = v.fields.length;
      queryWords[at + 2] = (v.below === null ? 0 : 1) | (v.atLeast === null ? 0 : 2);
      queryFloats[at + 3] = v.below ?? 0;
      queryFloats[at + 4] = v.atLeast ?? 0;
      queryWords.set(v.fields, at + 5);
    });
    const maskBits = packMasks(plan.masks, grid.cells);
    const queryBuffer = run.buffer('read-out queries', queryWords.byteLength);
    const maskBuffer = run.buffer('read-out masks', maskBits.byteLength);
    run.device.queue.writeBuffer(queryBuffer, 0, queryWords);
    run.device.queue.writeBuffer(maskBuffer, 0, maskBits);
    const agentGroups = Math.ceil(run.capacity / AGENT_WORKGROUP);
    const voxelGroups = Math.ceil(grid.cells / AGENT_WORKGROUP);
    const partials = run.buffer('read-out partials', (queries.agent * agentGroups + queries.voxel * voxelGroups) * RESULT_BYTES);

    const code = [
      u32Const('AGENT_QUERIES', queries.agent),
      u32Const('VOXEL_QUERIES', queries.voxel),
      u32Const('VOXEL_QUERY_WORDS', VOXEL_QUERY_WORDS),
      queryVariable(plan.agent.map((a) => a.variable), compiled.layout.kind),
      run.compose('locate_cells.wgsl', 'compensated_sum.wgsl', 'reduce_readouts.wgsl'),
    ].join('\n');
    const all = [run.agents, run.fields, run.tables, run.stepInfo, queryBuffer, maskBuffer, partials, results];
    const bind = (entry: string, ...used: number[]) => run.kernel(`reduce_readouts: ${entry}`, code, all.map((b, k) => (used.includes(k) ? b : null)), entry);
    const [agents, voxels, finish] = await Promise.all([
      queries.agent > 0 ? bind('reduce_agents', 0, 2, 3, 4, 5, 6) : null,
      queries.voxel > 0 ? bind('reduce_voxels', 1, 4, 5, 6) : null,
      bind('finish_readouts', 3, 6, 7),
    ]);
    return new ReadoutPhase(run, finishes, queries, { agents, voxels, finish, voxelGroups: run.groupsFor(grid.cells) }, bridges, results);
  }

  /** The base read-outs of the current state, in the order given to create(). */
  async evaluate(): Promise<Float64Array> {
    const run = this.run;
    const { agent, voxel } = this.queries;
    const total = agent + voxel;
    const eventWords = CELL_EVENTS.length * run.types;
    const encoder = run.device.createCommandEncoder({ label: 'read-outs' });
    run.refresh(encoder);
    const k = this.kernels;
    if (k.finish || this.bridges.length > 0) {
      const pass = encoder.beginComputePass({ label: 'reduce read-outs' });
      if (k.agents) run.dispatchAgents(pass, k.agents);
      if (k.voxels) k.voxels.dispatch(pass, ...k.voxelGroups);
      if (k.finish) k.finish.dispatch(pass, total);
      for (const b of this.bridges) b.encode(pass);
      pass.end();
    }
    encoder.copyBufferToBuffer(run.counters, COUNTERS.events * 4, this.results, total * RESULT_BYTES, eventWords * 4);
    const answers = total * RESULT_BYTES + eventWords * 4;
    this.bridges.forEach((b, i) => encoder.copyBufferToBuffer(b.answer, 0, this.results, answers + 4 * i, 4));
    run.device.queue.submit([encoder.finish()]);
    const bytes = await run.read(this.results, 0, answers + 4 * this.bridges.length);
    const words = new Uint32Array(bytes);
    const floats = new Float32Array(bytes);
    const sum = (q: number) => floats[3 * q + 1] + floats[3 * q + 2];
    const totals: Totals = {
      agentCount: (q) => words[3 * q],
      agentSum: sum,
      voxelHits: (q) => words[3 * (agent + q)],
      voxelSum: (q) => sum(agent + q),
      events: words.subarray(3 * total, 3 * total + eventWords),
      bridged: (b) => words[answers / 4 + b],
    };
    return Float64Array.from(this.finishes, (f) => f(totals));
  }
}

/** Adds a read-out's queries to the plan; returns how its value follows from their totals (ReadoutReducer's formulas). */
function planReadout(plan: QueryPlan, r: ReadoutSpec, setup: RunSetup): Finish {
  const { grid, regions, defectMask } = setup;
  const compiled = setup.model.compiled;
  const T = compiled.spec.cellTypes.length;
  const maskSize = (mask: Uint8Array) => mask.reduce((n, v) => n + (v ? 1 : 0), 0);
  const red = r.reduction;
  const mask = 'region' in red ? regionMask(red.region, regions, defectMask) : defectMask;
  switch (red.kind) {
    case 'count': {
      const q = plan.agentQuery(mask, selectorFilter(compiled, red.agents));
      return (t) => t.agentCount(q);
    }
    case 'fraction': {
      const of = plan.agentQuery(mask, selectorFilter(compiled, red.of));
      const among = plan.agentQuery(mask, selectorFilter(compiled, red.among));
      return (t) => (t.agentCount(among) === 0 ? 0 : t.agentCount(of) / t.agentCount(among));
    }
    case 'agentMean': {
      const q = plan.agentQuery(mask, selectorFilter(compiled, red.agents), red.variable);
      return (t) => (t.agentCount(q) === 0 ? 0 : t.agentSum(q) / t.agentCount(q));
    }
    case 'agentSum': {
      const q = plan.agentQuery(mask, selectorFilter(compiled, red.agents), red.variable);
      const scale = red.scale ?? 1;
      return (t) => t.agentSum(q) * scale;
    }
    case 'eventCount': {
      const k = CELL_EVENTS.indexOf(red.event);
      const types = red.types.map((name) => compiled.cellTypeIndex[name]);
      return (t) => types.reduce((sum, type) => sum + t.events[k * T + type], 0);
    }
    case 'fieldMean': {
      const q = plan.voxelQuery(mask, compiled.fieldIndex[red.field]);
      const n = maskSize(mask);
      const scale = red.scale ?? 1;
      return (t) => (n === 0 ? 0 : (t.voxelSum(q) / n) * scale);
    }
    case 'fieldSum': {
      const qs = (typeof red.field === 'string' ? [red.field] : red.field).map((f) => plan.voxelQuery(mask, compiled.fieldIndex[f]));
      const scale = (red.scale ?? 1) * grid.voxelVolume;
      return (t) => qs.reduce((sum, q) => sum + t.voxelSum(q), 0) * scale;
    }
    case 'area':
    case 'areaPercent': {
      const q = plan.voxelQuery(mask, (typeof red.field === 'string' ? [red.field] : red.field).map((f) => compiled.fieldIndex[f]), red.below, red.atLeast);
      const n = maskSize(mask);
      if (red.kind === 'area') return (t) => (t.voxelHits(q) * grid.dx * grid.dx) / 1e6;
      return (t) => (n === 0 ? 0 : (100 * t.voxelHits(q)) / n);
    }
    case 'bridged': {
      const b = plan.bridge({ ...r, reduction: red });
      return (t) => t.bridged(b);
    }
    default:
      throw new Error(`read-out ${r.name} (${red.kind}) is not a base reduction`);
  }
}

/** WGSL `query_variable(q, a)`: agent query q's variable as the f32 word the CPU sums (0 for counts only). */
function queryVariable(variables: readonly (string | null)[], kinds: Readonly<Record<string, string>>): string {
  const cases = variables.flatMap((v, q) => (v === null ? [] : [`    case ${q}u: { return ${kinds[v] === 'f32' ? `a.${v}` : `bitcast<f32>(a.${v})`}; }`]));
  return ['fn query_variable(q: u32, a: Agent) -> f32 {', '  switch q {', ...cases, '    default: { return 0.0; }', '  }', '}'].join('\n');
}
