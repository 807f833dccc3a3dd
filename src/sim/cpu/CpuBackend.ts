/**
 * The CPU reference backend: plain TypeScript over the same memory layout the GPU uses, one module per
 * phase, run in the fixed order of stepOnce. Deterministic. Single-threaded by default; with
 * `{ threads: 2 }` (Node only) the field solves run on the main thread and one worker
 * (parallelFieldStepper.ts), bit-identical to one thread, and the state's fields move to a
 * SharedArrayBuffer (readState still returns plain copies).
 */
import type { ReadoutSpec } from '../../model/types.ts';
import { exchangeScales, type ExchangeScales } from '../fixedPoint.ts';
import { ADHESION_REACH, buildPhenotypeTables } from '../phenotypeTables.ts';
import type { RunSetup } from '../runSetup.ts';
import type { SimBackend } from '../SimBackend.ts';
import { cloneState, type SimState } from '../state.ts';
import { depositExchange } from './depositExchange.ts';
import { FieldStepper, type FieldPhase } from './diffuseFields.ts';
import { ParallelFieldStepper, toSharedFields } from './parallelFieldStepper.ts';
import { TouchedVoxels } from './touchedVoxels.ts';
import { divideAndRemove } from './divideAndRemove.ts';
import { KernelContext } from './kernelContext.ts';
import { moveAgents } from './moveAgents.ts';
import { NeighbourBins } from './neighbourBins.ts';
import { PairForces } from './pairForces.ts';
import { ReadoutReducer } from './reduceReadouts.ts';
import { FATE_STAY, updateAgents } from './updateAgents.ts';
import { recruitCells, type Recruiter } from './recruitCells.ts';
import { recruitersOf } from '../recruiters.ts';
import { applyInjections } from '../dosing.ts';
import { MechanicsUpdate } from '../mechanics/updateMechanics.ts';

/** Options of the CPU backend. */
export interface CpuBackendOptions {
  /** Threads solving the fields: 1 (default, anywhere) or 2 (Node worker_threads; results identical). */
  threads?: 1 | 2;
  /**
   * With threads 2: called with the reason when the worker cannot start, and the run continues on one
   * thread (identical results). Without it, construction or the first advance() fails with the reason.
   */
  onSingleThread?: (reason: string) => void;
}

export class CpuBackend implements SimBackend {
  readonly kind = 'cpu' as const;
  private readonly ctx: KernelContext;
  private readonly bins: NeighbourBins;
  private readonly forces: PairForces;
  private fields: FieldPhase;
  /** The worker's start, awaited by the first advance() (two threads only). */
  private starting: Promise<void> | null = null;
  private readonly recruiters: Recruiter[];
  private readonly scales: ExchangeScales;
  private readonly reducer: ReadoutReducer;
  private readonly secretion: Int32Array;
  private readonly clearance: Int32Array;
  /** The voxels this step's deposits went to (the field phase converts only those). */
  private readonly touched: TouchedVoxels;
  private readonly neighbours: Uint16Array;
  private readonly fate: Uint8Array;
  /** The mechanics phase (models with a mechanical environment only). */
  readonly mechanics: MechanicsUpdate | null;
  /** Milliseconds spent per phase, accumulated while `profiling` is true (benchmarks). */
  readonly phaseMs: Record<string, number> = { bin: 0, forces: 0, move: 0, update: 0, deposit: 0, fields: 0, divide: 0, mechanics: 0 };
  profiling = false;
  /** The second agent buffer (phases write into it, then it is compacted back or swapped in). */
  private nextF: Float32Array;
  private nextU: Uint32Array;

  constructor(
    private readonly setup: RunSetup,
    private readonly state: SimState,
    baseReadouts: readonly ReadoutSpec[],
    private readonly options: CpuBackendOptions = {},
  ) {
    const compiled = setup.model.compiled;
    const tables = buildPhenotypeTables(compiled, setup.values);
    this.ctx = KernelContext.forRun(setup, tables);
    this.bins = new NeighbourBins(setup.grid.width, setup.grid.height, tables.interactionRange, state.capacity);
    this.forces = new PairForces(state.capacity);
    this.scales = exchangeScales(tables);
    this.fields = this.createFieldPhase();
    this.recruiters = recruitersOf(setup, tables.types);
    this.reducer = new ReadoutReducer(compiled, setup.grid, setup.regions, setup.defectMask, baseReadouts);
    // With two threads the agent sums go to the stepper's shared arrays, so that its worker can convert half of them.
    const fieldWords = compiled.spec.fields.length * setup.grid.cells;
    const parallel = this.fields instanceof ParallelFieldStepper ? this.fields : null;
    this.secretion = parallel?.accumulators.secretion ?? new Int32Array(fieldWords);
    this.clearance = parallel?.accumulators.clearance ?? new Int32Array(fieldWords);
    this.touched = parallel?.touched ?? new TouchedVoxels(setup.grid.cells);
    this.neighbours = new Uint16Array(state.capacity);
    this.fate = new Uint8Array(state.capacity);
    const buffer = new ArrayBuffer(state.f.byteLength);
    this.nextF = new Float32Array(buffer);
    this.nextU = new Uint32Array(buffer);
    // A state at an update step (t = 0, or a snapshot taken there) gets the strains of its own tissue.
    this.mechanics = MechanicsUpdate.forRun(setup);
    if (this.mechanics?.due(state.step)) this.mechanics.update(state.fields);
  }

  /** The field phase the options ask for; two threads move the state's fields into shared memory. */
  private createFieldPhase(): FieldPhase {
    if ((this.options.threads ?? 1) === 1) return new FieldStepper(this.setup, this.scales);
    try {
      this.state.fields = toSharedFields(this.state.fields);
      const parallel = new ParallelFieldStepper(this.setup, this.scales, this.state.fields);
      this.starting = parallel.ready;
      return parallel;
    } catch (e) {
      if (!this.options.onSingleThread) throw e;
      this.options.onSingleThread((e as Error).message);
      return new FieldStepper(this.setup, this.scales);
    }
  }

  /** Threads solving the fields: 2 with a field worker (from construction on), 1 without or after a fallback. */
  get fieldThreads(): number {
    return this.fields.threads;
  }

  get step(): number {
    return this.state.step;
  }

  /**
   * One step: dosing injections, binAgents (sort into the next buffer by bin and id), moveAgents (pair
   * forces, then migration), updateAgents, depositExchange, diffuseFields, divideAndRemove (compact back,
   * or swap when nothing changed), recruitCells; then, when the step reached is an update step, the
   * mechanics (src/sim/mechanics/updateMechanics.ts). The mechanics closes the step rather than opening
   * the next: the rules read the same strains either way, and this way the state at an update step (the
   * t = 0 row, a snapshot) already carries the strains of its own tissue.
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

    applyInjections(this.setup.dosing, s.step, s.fields, this.setup.grid);
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
    depositExchange(ctx, count, this.scales, this.secretion, this.clearance, this.touched);
    lap('deposit');
    this.fields.step(s.fields, this.secretion, this.clearance, this.touched);
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
    if (this.recruiters.length > 0) {
      ctx.bind(s.f, s.u, s.fields, this.setup.rngSeed, s.step);
      recruitCells(ctx, s, this.recruiters);
    }
    lap('divide');
    s.step++;
    if (s.count > s.peakCount) s.peakCount = s.count;
    if (this.mechanics?.due(s.step)) {
      this.mechanics.update(s.fields);
      lap('mechanics');
    }
  }

  async advance(steps: number): Promise<void> {
    if (this.starting) {
      const starting = this.starting;
      this.starting = null;
      try {
        await starting;
      } catch (e) {
        if (!this.options.onSingleThread) throw e;
        this.fields.dispose();
        this.fields = new FieldStepper(this.setup, this.scales);
        this.options.onSingleThread((e as Error).message);
      }
    }
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
            if (q === k || !this.ctx.tables.sameLayer[b.type[k] * this.ctx.tables.types + b.type[q]]) continue;
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

  /** Releases the field worker, if any (idempotent). */
  dispose(): void {
    this.fields.dispose();
  }
}
