/**
 * The WebGPU backend: every phase of the CPU backend as WGSL kernels (shaders/), in the same order
 * (CpuBackend.stepOnce): dosing injections, binAgents, pair forces and moveAgents, updateAgents,
 * depositExchange, the field terms and solves, divideAndRemove, recruitCells and the end of the step.
 * Agents and fields live in GPU buffers for the whole run (gpuRun.ts); a step records its passes into a
 * command encoder and nothing comes back to the CPU until a read-out or a state is asked for. The host
 * tracks the step number itself (steps are deterministic), so it never reads the GPU's counters to go on.
 * Same scenario and seed give the same result on the same device: fixed-point scatter, (bin, id) order,
 * scan-based compaction and counter-based random draws (docs/gpu-backend.md).
 * The one exception to "nothing comes back": a model with a mechanical environment (bone) has its update
 * steps (about once per simulated day) end with the tissue-fraction fields read back (cells × 4 bytes
 * each), the CPU solver of src/sim/mechanics run on them, and the two strain fields written back, exactly
 * as the CPU backend does at the same steps, so both get the same strains from the same tissue.
 */
import type { ReadoutSpec } from '../../model/types.ts';
import { exchangeScales } from '../fixedPoint.ts';
import { buildPhenotypeTables } from '../phenotypeTables.ts';
import type { RunSetup } from '../runSetup.ts';
import type { SimBackend } from '../SimBackend.ts';
import { allocateState, cloneState, type SimState } from '../state.ts';
import { fieldSolverOptions } from '../cpu/diffuseFields.ts';
import { BinAgentsPhase } from './binAgentsPhase.ts';
import { MoveAgentsPhase } from './moveAgentsPhase.ts';
import { UpdateAgentsPhase } from './updateAgentsPhase.ts';
import { DepositExchangePhase } from './depositExchangePhase.ts';
import { FieldTermsPhase } from './fieldTermsPhase.ts';
import { GpuFieldSolver } from './gpuFieldSolver.ts';
import { DivideAndRemovePhase } from './divideAndRemovePhase.ts';
import { RecruitCellsPhase } from './recruitCellsPhase.ts';
import { DosingPhase } from './dosingPhase.ts';
import { ReadoutPhase } from './readoutPhase.ts';
import { withErrorScope } from './compileKernel.ts';
import { GpuRun } from './gpuRun.ts';
import { MechanicsUpdate } from '../mechanics/updateMechanics.ts';

/** The device was lost during the run (driver reset, out of memory, page hidden too long...). */
export class GpuDeviceLostError extends Error {
  override name = 'GpuDeviceLostError';
}

/** Steps recorded into one command buffer before it is submitted. */
const STEPS_PER_SUBMIT = 8;

export class GpuBackend implements SimBackend {
  readonly kind = 'gpu' as const;
  private current: number;
  private lost: string | null = null;
  private disposed = false;
  /** Host copy of the fields for the mechanics update (only its tissue and strain fields are used). */
  private readonly mechanicsFields: Float32Array<ArrayBuffer>;

  private constructor(
    readonly run: GpuRun,
    private readonly phases: {
      dosing: DosingPhase;
      bin: BinAgentsPhase;
      move: MoveAgentsPhase;
      update: UpdateAgentsPhase;
      deposit: DepositExchangePhase;
      terms: FieldTermsPhase;
      solvers: GpuFieldSolver[];
      divide: DivideAndRemovePhase;
      recruit: RecruitCellsPhase;
      readouts: ReadoutPhase;
    },
    private readonly template: SimState,
    private readonly ownsDevice: boolean,
    private readonly mechanics: MechanicsUpdate | null,
  ) {
    this.current = template.step;
    this.mechanicsFields = new Float32Array(mechanics ? template.fields.length : 0);
    run.device.lost.then((info) => {
      if (!this.disposed) this.lost = `${info.reason}: ${info.message}`;
    });
  }

  /**
   * A backend on `device` over `state` (initial or resumed; uploaded once). With `ownsDevice` the device
   * is destroyed by dispose().
   */
  static async create(setup: RunSetup, state: SimState, baseReadouts: readonly ReadoutSpec[], device: GPUDevice, ownsDevice = false): Promise<GpuBackend> {
    const tables = buildPhenotypeTables(setup.model.compiled, setup.values);
    const run = new GpuRun(device, setup, tables, exchangeScales(tables));
    try {
      return await withErrorScope(device, 'setting up the GPU run', async () => {
        await run.init();
        const fieldBuffers = { fields: run.fields, source: run.source, uptake: run.uptake };
        const [dosing, bin, move, update, deposit, terms, divide, recruit, readouts, solvers] = await Promise.all([
          DosingPhase.create(run),
          BinAgentsPhase.create(run),
          MoveAgentsPhase.create(run),
          UpdateAgentsPhase.create(run),
          DepositExchangePhase.create(run),
          FieldTermsPhase.create(run),
          DivideAndRemovePhase.create(run),
          RecruitCellsPhase.create(run),
          ReadoutPhase.create(run, baseReadouts),
          Promise.all(fieldSolverOptions(setup).map((o, f) => GpuFieldSolver.create(device, o, f, fieldBuffers))),
        ]);
        // A state at an update step gets the strains of its own tissue (as CpuBackend's constructor does).
        const mechanics = MechanicsUpdate.forRun(setup);
        let initial = state;
        if (mechanics?.due(state.step)) {
          initial = { ...state, fields: state.fields.slice() };
          mechanics.update(initial.fields);
        }
        run.upload(initial);
        const template = allocateState(setup.model.compiled.layout, state.capacity, setup.model.compiled.spec.fields.length, setup.grid.cells, tables.types);
        template.step = state.step;
        return new GpuBackend(run, { dosing, bin, move, update, deposit, terms, solvers, divide, recruit, readouts }, template, ownsDevice, mechanics);
      });
    } catch (e) {
      run.destroy();
      if (ownsDevice) device.destroy();
      throw e;
    }
  }

  get step(): number {
    return this.current;
  }

  /** Bytes read back from the GPU so far (read-outs, states and the mechanics' tissue fields). */
  get bytesRead(): number {
    return this.run.bytesRead;
  }

  private checkAlive(): void {
    if (this.lost) throw new GpuDeviceLostError(`the WebGPU device was lost at step ${this.current} (${this.lost}); the run cannot go on on this device`);
    if (this.disposed) throw new Error('the GPU backend was disposed');
  }

  /** Records one step into `encoder`. */
  private encodeStep(encoder: GPUCommandEncoder, step: number): void {
    const p = this.phases;
    this.run.refresh(encoder);
    p.dosing.encode(encoder, step);
    p.bin.encode(encoder);
    p.move.encode(encoder);
    p.update.encode(encoder);
    p.deposit.encode(encoder);
    p.terms.encode(encoder);
    for (const solver of p.solvers) solver.encode(encoder);
    p.divide.encode(encoder);
    p.recruit.encode(encoder);
  }

  async advance(steps: number): Promise<void> {
    this.checkAlive();
    const device = this.run.device;
    await withErrorScope(device, `GPU steps ${this.current}..${this.current + steps}`, async () => {
      for (let done = 0; done < steps; ) {
        const batch = Math.min(STEPS_PER_SUBMIT, steps - done, this.mechanics?.stepsToNext(this.current) ?? Infinity);
        const encoder = device.createCommandEncoder({ label: `steps ${this.current}..${this.current + batch}` });
        for (let k = 0; k < batch; k++) this.encodeStep(encoder, this.current + k);
        device.queue.submit([encoder.finish()]);
        this.current += batch;
        done += batch;
        if (this.mechanics?.due(this.current)) await this.updateMechanics(this.mechanics);
      }
      await device.queue.onSubmittedWorkDone();
    });
    this.checkAlive();
  }

  /** The mechanics update on the fields as they stand: tissue fields read back, strain fields written. */
  private async updateMechanics(mechanics: MechanicsUpdate): Promise<void> {
    const cells = this.run.setup.grid.cells;
    const fields = this.mechanicsFields;
    for (const f of mechanics.tissueFields) fields.set(new Float32Array(await this.run.read(this.run.fields, f * cells * 4, cells * 4)), f * cells);
    mechanics.update(fields);
    for (const f of mechanics.strainFields) this.run.device.queue.writeBuffer(this.run.fields, f * cells * 4, fields, f * cells, cells);
  }

  async readBase(): Promise<Float64Array> {
    this.checkAlive();
    return this.phases.readouts.evaluate();
  }

  async readState(): Promise<SimState> {
    this.checkAlive();
    return cloneState(await this.run.download(this.template));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const solver of this.phases.solvers) solver.destroy();
    this.run.destroy();
    if (this.ownsDevice) this.run.device.destroy();
  }
}
