/**
 * What the GPU phases of one run share: the device, the run's buffers, its prelude and tables, and a way
 * to build kernels. Agents and fields stay in these buffers for the whole run; the only read-backs go
 * through read(), which counts the bytes (the backend reports them; a test holds them at 0 between outputs).
 *
 * Buffers (storage unless said; layouts as on the CPU):
 *   agents     the state's agents (SimState.f/u), slots 0..count-1
 *   sorted     the working copy: agents gathered in (bin, id) order, updated in place by the agent phases,
 *              then compacted back into `agents` (with daughters) by divideAndRemove
 *   fields     all fields, field·cells + cell (f32)
 *   tables     runTables.ts (f32, read only)
 *   counters   u32 words at COUNTERS (runPrelude.ts): count, next id, step, blocked births, peak, events
 *   stepInfo   uniform copy of the first four counters, refreshed on the GPU (refresh())
 *   dispatch   indirect dispatch arguments covering `count` agents (refresh())
 *   fate       u32 per agent (FATE_* of updateAgents.ts)
 *   mech       per agent i32 x, y (fixed-point velocity sums) and touching count (pairForces.ts)
 *   binStarts  BINS + 1 u32: bin b holds the sorted slots binStarts[b] .. binStarts[b + 1] - 1 (binAgents)
 *   secretion, clearance   i32 fixed-point accumulators, field·cells + cell (fixedPoint.ts)
 *   source, uptake         f32 per-voxel terms of the field solve, field·cells + cell
 */
import type { GpuRules } from '../../model/rules.ts';
import type { PhenotypeTables } from '../phenotypeTables.ts';
import type { ExchangeScales } from '../fixedPoint.ts';
import type { RunSetup } from '../runSetup.ts';
import type { SimState } from '../state.ts';
import { CELL_EVENTS } from '../state.ts';
import { compileKernel } from './compileKernel.ts';
import { AGENT_WORKGROUP } from './gpuBudget.ts';
import { COUNTERS, counterWords, runPrelude } from './runPrelude.ts';
import { binGeometry, buildRunTables, type BinGeometry } from './runTables.ts';
import { loadShader } from './shaderSource.ts';

/** A buffer binding: a whole buffer or a range of it. */
export type Binding = GPUBuffer | { buffer: GPUBuffer; offset?: number; size?: number };

/** A compiled kernel with its bind group (group 0, bindings in the order given). */
export class Kernel {
  constructor(
    readonly label: string,
    readonly pipeline: GPUComputePipeline,
    readonly bindGroup: GPUBindGroup,
  ) {}

  /** Records a dispatch of `x` × `y` workgroups. */
  dispatch(pass: GPUComputePassEncoder, x: number, y = 1): void {
    if (x === 0 || y === 0) return;
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(x, y);
  }

  /** Records a dispatch whose size the GPU wrote into `args` (three u32 at `offset`). */
  dispatchIndirect(pass: GPUComputePassEncoder, args: GPUBuffer, offset = 0): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroupsIndirect(args, offset);
  }
}

/** Storage with copies both ways (a function: GPUBufferUsage exists only once WebGPU is loaded). */
const storageUsage = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

export class GpuRun {
  readonly bins: BinGeometry;
  readonly prelude: string;
  readonly agents: GPUBuffer;
  readonly sorted: GPUBuffer;
  readonly fields: GPUBuffer;
  readonly tables: GPUBuffer;
  readonly counters: GPUBuffer;
  readonly stepInfo: GPUBuffer;
  readonly dispatch: GPUBuffer;
  readonly fate: GPUBuffer;
  readonly mech: GPUBuffer;
  readonly binStarts: GPUBuffer;
  readonly secretion: GPUBuffer;
  readonly clearance: GPUBuffer;
  readonly source: GPUBuffer;
  readonly uptake: GPUBuffer;
  /** Bytes copied from the GPU to the CPU so far (read()). */
  bytesRead = 0;
  readonly capacity: number;
  readonly stride: number;
  readonly types: number;
  /** The model's WGSL rules with this run's constants (GpuRules). */
  readonly rules: GpuRules;
  private readonly owned: GPUBuffer[] = [];
  private sizeDispatch: Kernel | null = null;

  constructor(
    readonly device: GPUDevice,
    readonly setup: RunSetup,
    readonly phenotype: PhenotypeTables,
    readonly scales: ExchangeScales,
  ) {
    const compiled = setup.model.compiled;
    const { grid } = setup;
    this.capacity = setup.capacity;
    this.stride = compiled.layout.stride;
    this.types = compiled.spec.cellTypes.length;
    if (!setup.model.gpuRules) throw new Error(`model "${compiled.spec.id}" has no WGSL rules: it cannot run on the GPU backend`);
    this.rules = setup.model.gpuRules(setup.values, setup.armContext, setup.dt);
    this.bins = binGeometry(grid, phenotype.interactionRange);
    const tables = buildRunTables(phenotype, scales, setup.armContext.availability, grid, this.bins, setup.dt);
    this.prelude = runPrelude({ compiled, grid, bins: this.bins, dt: setup.dt, rngSeed: setup.rngSeed, capacity: this.capacity, tableOffsets: tables.offsets });
    const fieldWords = compiled.spec.fields.length * grid.cells;
    const agentBytes = this.capacity * this.stride * 4;
    this.agents = this.buffer('agents', agentBytes);
    this.sorted = this.buffer('sorted agents', agentBytes);
    this.fields = this.buffer('fields', fieldWords * 4);
    this.tables = this.buffer('tables', tables.data.byteLength);
    device.queue.writeBuffer(this.tables, 0, tables.data as Float32Array<ArrayBuffer>);
    this.counters = this.buffer('counters', counterWords(this.types) * 4);
    this.stepInfo = this.buffer('step info', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.dispatch = this.buffer('agent dispatch', 16, GPUBufferUsage.STORAGE | GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_SRC);
    this.fate = this.buffer('fates', this.capacity * 4);
    this.mech = this.buffer('mechanics', this.capacity * 12);
    this.binStarts = this.buffer('bin starts', (this.bins.nbx * this.bins.nby + 1) * 4);
    this.secretion = this.buffer('secretion accumulator', fieldWords * 4);
    this.clearance = this.buffer('clearance accumulator', fieldWords * 4);
    this.source = this.buffer('field sources', fieldWords * 4);
    this.uptake = this.buffer('field uptakes', fieldWords * 4);
  }

  /** Allocates a buffer the run owns (freed by destroy()); `usage` defaults to storage with copies. */
  buffer(label: string, bytes: number, usage: number = storageUsage()): GPUBuffer {
    const b = this.device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
    this.owned.push(b);
    return b;
  }

  /** The prelude followed by the given files of shaders/ (rng.wgsl, helpers, then the kernel). */
  compose(...files: string[]): string {
    return [this.prelude, ...files.map(loadShader)].join('\n');
  }

  /**
   * Compiles `code` (entry `entry`) and binds `bindings` as @group(0) @binding(0..n-1); a null skips that
   * binding (an entry point of a shared module that does not use it).
   */
  async kernel(label: string, code: string, bindings: readonly (Binding | null)[], entry = 'main'): Promise<Kernel> {
    const pipeline = await compileKernel(this.device, code, entry, label);
    const entries: GPUBindGroupEntry[] = [];
    bindings.forEach((b, binding) => {
      if (b) entries.push({ binding, resource: 'buffer' in b ? b : { buffer: b } });
    });
    const bindGroup = this.device.createBindGroup({ label, layout: pipeline.getBindGroupLayout(0), entries });
    return new Kernel(label, pipeline, bindGroup);
  }

  /**
   * An agent kernel that calls the model's rules: the prelude, the helpers the rules may use (rng,
   * draw_random, locate_cells, sense_fields), the rules (GpuRules.agent), the kernel file, then any
   * generated code the kernel needs.
   */
  composeWithAgentRules(kernelFile: string, ...generated: string[]): string {
    return [this.compose('rng.wgsl', 'draw_random.wgsl', 'locate_cells.wgsl', 'sense_fields.wgsl'), this.rules.agent, loadShader(kernelFile), ...generated].join('\n');
  }

  /** Compiles the shared kernels; call once before encoding steps. */
  async init(): Promise<void> {
    this.sizeDispatch = await this.kernel('size_agent_dispatch', this.compose('size_agent_dispatch.wgsl'), [this.counters, this.dispatch]);
  }

  /**
   * Records, outside any pass: stepInfo ← counters[0..4), then the agent dispatch arguments for the
   * current count. Call after anything that changes the count or the step.
   */
  refresh(encoder: GPUCommandEncoder): void {
    if (!this.sizeDispatch) throw new Error('GpuRun.init() was not awaited');
    encoder.copyBufferToBuffer(this.counters, 0, this.stepInfo, 0, 16);
    const pass = encoder.beginComputePass({ label: 'size agent dispatch' });
    this.sizeDispatch.dispatch(pass, 1);
    pass.end();
  }

  /** Records a dispatch of an agent kernel over the current count (after refresh()). */
  dispatchAgents(pass: GPUComputePassEncoder, kernel: Kernel): void {
    kernel.dispatchIndirect(pass, this.dispatch);
  }

  /** Workgroups of AGENT_WORKGROUP threads covering n items, as [x, y] within the per-dimension limit. */
  groupsFor(n: number, workgroup = AGENT_WORKGROUP): [number, number] {
    const groups = Math.ceil(n / workgroup);
    const max = this.device.limits.maxComputeWorkgroupsPerDimension;
    const x = Math.min(groups, max);
    return [x, x === 0 ? 0 : Math.ceil(groups / x)];
  }

  /** Copies `bytes` from `buffer` back to the CPU (counted in bytesRead). */
  async read(buffer: GPUBuffer, offset: number, bytes: number): Promise<ArrayBuffer> {
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const staging = this.device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(buffer, offset, staging, 0, size);
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const out = staging.getMappedRange().slice(0, bytes);
      staging.unmap();
      this.bytesRead += bytes;
      return out;
    } finally {
      staging.destroy();
    }
  }

  /** Uploads a CPU state (agents, fields, counters); the GPU then owns the run. */
  upload(state: SimState): void {
    if (state.capacity !== this.capacity || state.stride !== this.stride) throw new Error(`state of capacity ${state.capacity} × stride ${state.stride} does not match the run (${this.capacity} × ${this.stride})`);
    const q = this.device.queue;
    q.writeBuffer(this.agents, 0, state.u.buffer, 0, state.count * this.stride * 4);
    q.writeBuffer(this.fields, 0, state.fields as Float32Array<ArrayBuffer>);
    const c = new Uint32Array(counterWords(this.types));
    c[COUNTERS.count] = state.count;
    c[COUNTERS.nextId] = state.nextId;
    c[COUNTERS.step] = state.step;
    c[COUNTERS.blocked] = state.blockedBirths;
    c[COUNTERS.peak] = state.peakCount;
    for (let k = 0; k < state.events.length; k++) c[COUNTERS.events + k] = state.events[k];
    q.writeBuffer(this.counters, 0, c);
  }

  /** Reads the whole state back (snapshots, drawing on the CPU, tests): counted in bytesRead. */
  async download(into: SimState): Promise<SimState> {
    const c = new Uint32Array(await this.read(this.counters, 0, counterWords(this.types) * 4));
    const count = c[COUNTERS.count];
    const agents = count > 0 ? await this.read(this.agents, 0, count * this.stride * 4) : new ArrayBuffer(0);
    const fields = new Float32Array(await this.read(this.fields, 0, into.fields.byteLength));
    into.u.fill(0);
    into.u.set(new Uint32Array(agents));
    into.fields.set(fields);
    into.count = count;
    into.nextId = c[COUNTERS.nextId];
    into.step = c[COUNTERS.step];
    into.blockedBirths = c[COUNTERS.blocked];
    into.peakCount = c[COUNTERS.peak];
    for (let k = 0; k < CELL_EVENTS.length * this.types; k++) into.events[k] = c[COUNTERS.events + k];
    return into;
  }

  /** Frees every buffer of the run (not the device). */
  destroy(): void {
    for (const b of this.owned) b.destroy();
    this.owned.length = 0;
  }
}
