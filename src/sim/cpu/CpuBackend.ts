/**
 * The CPU reference backend: plain TypeScript over the same memory layout the GPU uses, one module per
 * phase, run in the fixed order of schedule.ts. Single-threaded and deterministic.
 */
import type { ReadoutSpec } from '../../model/types.ts';
import { exchangeScales, type ExchangeScales } from '../fixedPoint.ts';
import { ADHESION_REACH, buildPhenotypeTables } from '../phenotypeTables.ts';
import type { RunSetup } from '../runSetup.ts';
import type { SimBackend } from '../SimBackend.ts';
import { cloneState, type SimState } from '../state.ts';
import { depositExchange } from './depositExchange.ts';
import { FieldStepper } from './diffuseFields.ts';
import { divideAndRemove } from './divideAndRemove.ts';
import { KernelContext } from './kernelContext.ts';
import { moveAgents } from './moveAgents.ts';
import { NeighbourBins } from './neighbourBins.ts';
import { PairForces } from './pairForces.ts';
import { ReadoutReducer } from './reduceReadouts.ts';
import { FATE_STAY, updateAgents } from './updateAgents.ts';

export class CpuBackend implements SimBackend {
  readonly kind = 'cpu' as const;
  private readonly ctx: KernelContext;
  private readonly bins: NeighbourBins;
  private readonly forces: PairForces;
  private readonly fields: FieldStepper;
  private readonly scales: ExchangeScales;
  private readonly reducer: ReadoutReducer;
  private readonly secretion: Int32Array;
  private readonly clearance: Int32Array;
  private readonly neighbours: Uint16Array;
  private readonly fate: Uint8Array;
  /** Milliseconds spent per phase, accumulated while `profiling` is true (benchmarks). */
  readonly phaseMs: Record<string, number> = { bin: 0, forces: 0, move: 0, update: 0, deposit: 0, fields: 0, divide: 0 };
  profiling = false;
  /** The second agent buffer (phases write into it, then it is compacted back or swapped in). */
  private nextF: Float32Array;
  private nextU: Uint32Array;

  constructor(
    private readonly setup: RunSetup,
    private readonly state: SimState,
    baseReadouts: readonly ReadoutSpec[],
  ) {
    const compiled = setup.model.compiled;
    const tables = buildPhenotypeTables(compiled, setup.values);
    this.ctx = new KernelContext(compiled.layout, tables, setup.grid, setup.rules, setup.dt);
    this.bins = new NeighbourBins(setup.grid.width, setup.grid.height, tables.interactionRange, state.capacity);
    this.forces = new PairForces(state.capacity);
    this.scales = exchangeScales(compiled, tables);
    this.fields = new FieldStepper(compiled, setup.values, setup.grid, setup.dt, this.scales);
    this.reducer = new ReadoutReducer(compiled, setup.grid, setup.regions, setup.defectMask, baseReadouts);
    const fieldWords = compiled.spec.fields.length * setup.grid.cells;
    this.secretion = new Int32Array(fieldWords);
    this.clearance = new Int32Array(fieldWords);
    this.neighbours = new Uint16Array(state.capacity);
    this.fate = new Uint8Array(state.capacity);
    const buffer = new ArrayBuffer(state.f.byteLength);
    this.nextF = new Float32Array(buffer);
    this.nextU = new Uint32Array(buffer);
  }

  get step(): number {
    return this.state.step;
  }

  /**
   * One step: binAgents (sort into the next buffer by bin and id), moveAgents (pair forces, then migration),
   * updateAgents, depositExchange, diffuseFields, divideAndRemove (compact back, or swap when nothing changed).
   */
  private stepOnce(): void {
    const s = this.state;
    const ctx = this.ctx;
    const count = s.count;
    const layout = this.setup.model.compiled.layout.offset;

    const clock = this.profiling ? () => performance.now() : () => 0;
    const ms = this.phaseMs;
    let t = clock();
    const lap = (phase: string) => {
      const now = clock();
      ms[phase] += now - t;
      t = now;
    };

    this.bins.build(s.f, s.u, count, s.stride, layout.x, layout.y, layout.cellType, layout.id);
    this.bins.gather(s.u, this.nextU, count, s.stride);
    lap('bin');
    ctx.bind(this.nextF, this.nextU, s.fields, this.setup.rngSeed, s.step);
    this.forces.compute(ctx, this.bins, count);
    lap('forces');
    moveAgents(ctx, this.forces, count, this.neighbours);
    lap('move');

    updateAgents(ctx, count, this.neighbours, this.fate);
    lap('update');
    depositExchange(ctx, count, this.scales, this.secretion, this.clearance);
    lap('deposit');
    this.fields.step(s.fields, this.secretion, this.clearance);
    lap('fields');

    let changes = false;
    for (let i = 0; i < count; i++) {
      if (this.fate[i] !== FATE_STAY) {
        changes = true;
        break;
      }
    }
    if (changes) {
      divideAndRemove(ctx, s, this.nextF, this.nextU, count, this.fate);
    } else {
      const f = s.f;
      const u = s.u;
      s.f = this.nextF;
      s.u = this.nextU;
      this.nextF = f;
      this.nextU = u;
    }
    lap('divide');
    s.step++;
    if (s.count > s.peakCount) s.peakCount = s.count;
  }

  async advance(steps: number): Promise<void> {
    for (let k = 0; k < steps; k++) this.stepOnce();
  }

  /** Mean number of partners within interaction range per agent at the current positions (diagnostics). */
  meanInteractingNeighbours(): number {
    const s = this.state;
    const o = this.setup.model.compiled.layout.offset;
    this.bins.build(s.f, s.u, s.count, s.stride, o.x, o.y, o.cellType, o.id);
    const b = this.bins;
    let pairs = 0;
    for (let k = 0; k < s.count; k++) {
      const cx = b.binX(b.x[k]);
      const cy = b.binY(b.y[k]);
      for (let gy = Math.max(cy - 1, 0); gy <= Math.min(cy + 1, b.nby - 1); gy++) {
        for (let gx = Math.max(cx - 1, 0); gx <= Math.min(cx + 1, b.nbx - 1); gx++) {
          for (let q = b.start[gy * b.nbx + gx]; q < b.start[gy * b.nbx + gx + 1]; q++) {
            if (q === k) continue;
            const r = this.ctx.tables.radius;
            const reach = (r[b.type[k]] + r[b.type[q]]) * ADHESION_REACH;
            const dx = b.x[k] - b.x[q];
            const dy = b.y[k] - b.y[q];
            if (dx * dx + dy * dy < reach * reach) pairs++;
          }
        }
      }
    }
    return s.count > 0 ? pairs / s.count : 0;
  }

  async readBase(): Promise<Float64Array> {
    return this.reducer.evaluate(this.state);
  }

  async readState(): Promise<SimState> {
    return cloneState(this.state);
  }

  dispose(): void {}
}
