/**
 * Phase diffuseFields: builds each field's per-voxel source (field unit/min) and uptake (1/min) for the
 * step and advances every field with its solver (implicit diffusion for diffusing fields, exact local
 * reaction for structural ones; fieldSolver.ts). Sources and uptakes add up from
 * - the agents' fixed-point secretion and clearance sums, divided by the voxel volume (dx²·depth);
 * - the model's voxel rules (vessels supplying oxygen, damage releasing signals...), written for this step;
 * - carrier release (dosing.ts): the carrier field loses k·carrier and the exosome field gains it.
 * Then it clears the accumulators.
 *
 * FieldExchange builds the terms; FieldStepper (here, one thread, the default everywhere) and
 * ParallelFieldStepper (parallelFieldStepper.ts, Node only, two threads) solve them. Every field's solver
 * keeps no state between steps and gets the same inputs in both, so both give bit-identical fields.
 */
import type { VoxelContext } from '../../model/rules.ts';
import type { ExchangeScales } from '../fixedPoint.ts';
import type { RunSetup } from '../runSetup.ts';
import { createFieldSolver, type FieldSolver, type FieldSolverOptions } from './fieldSolver.ts';
import type { TouchedVoxels } from './touchedVoxels.ts';

/** Allocates the source or uptake array (`cells` values) of a field: plain memory, or memory shared with a worker. */
export type TermAllocator = (field: number, kind: 'source' | 'uptake', cells: number) => Float32Array;

const plainTerms: TermAllocator = (_field, _kind, cells) => new Float32Array(cells);

/** One field's agent sum to convert each step: secretion into its source, or clearance into its uptake. */
export interface AgentJob {
  field: number;
  kind: 'source' | 'uptake';
  /** Quanta to field unit/min (source) or 1/min (uptake): 1/(voxel volume·fixed-point scale). */
  factor: number;
}

/** The agent-sum jobs of a run: every field some agent secretes or clears, in field order (source before uptake). */
export function agentJobsOf(setup: RunSetup, scales: ExchangeScales): AgentJob[] {
  const perVolume = 1 / setup.grid.voxelVolume;
  const jobs: AgentJob[] = [];
  for (let f = 0; f < scales.secretionMax.length; f++) {
    if (scales.secretionMax[f] > 0) jobs.push({ field: f, kind: 'source', factor: perVolume / scales.secretionScale[f] });
    if (scales.clearanceMax[f] > 0) jobs.push({ field: f, kind: 'uptake', factor: perVolume / scales.clearanceScale[f] });
  }
  return jobs;
}

/** The field-solve phase as the backend drives it (one thread or two). */
export interface FieldPhase {
  /** Threads that solve fields (1 or 2). */
  readonly threads: number;
  /**
   * Advances all fields (packed field·cells, field units) by one step dt (min) and zeroes the accumulators.
   * `touched` (the backend's own accumulators only): the voxels depositExchange marked, the only non-zero ones.
   */
  step(fields: Float32Array, secretion: Int32Array, clearance: Int32Array, touched?: TouchedVoxels | null): void;
  /** Releases resources (the worker, if any). */
  dispose(): void;
}

/** Solver options (µm, min, µm²/min, 1/min) of every field of a run, in field order. */
export function fieldSolverOptions(setup: RunSetup): FieldSolverOptions[] {
  const { grid, values, dt } = setup;
  return setup.model.compiled.spec.fields.map((field) => ({
    nx: grid.nx,
    ny: grid.ny,
    dx: grid.dx,
    D: field.diffusion ? values.get(`${field.name}.diffusion`)! : 0,
    decay: values.get(`${field.name}.decay`)!,
    boundary: field.boundary,
    dt,
  }));
}

/**
 * One step's source and uptake terms of every field, built in a fixed order: agent sums, voxel rules,
 * carrier release. The model's voxel rules write into them through VoxelContext.
 */
export class FieldExchange implements VoxelContext {
  readonly cells: number;
  readonly nx: number;
  readonly dx: number;
  readonly dt: number;
  readonly fieldCount: number;
  /** The packed fields of the current step (read only for the rules). */
  fields: Float32Array = new Float32Array(0);
  /** Per field, source (field unit/min) and uptake (1/min) arrays, allocated when first needed. */
  readonly sources: (Float32Array | null)[];
  readonly uptakes: (Float32Array | null)[];
  /** Per field: whether its source / uptake array holds terms this step. */
  readonly sourceUsed: boolean[];
  readonly uptakeUsed: boolean[];
  /** Views of each field in the packed array (made once per array). */
  private views: Float32Array[] = [];
  private viewedArray: Float32Array | null = null;
  private readonly carrier: number;
  private readonly exosomes: number;
  /** The agent sums to convert each step, in field order (source before uptake). */
  readonly agentJobs: readonly AgentJob[];
  /** Fields whose secretion / clearance no job reads. */
  private readonly unread: { secretion: number[]; clearance: number[] };

  constructor(
    private readonly setup: RunSetup,
    scales: ExchangeScales,
    private readonly allocate: TermAllocator = plainTerms,
  ) {
    const spec = setup.model.compiled.spec;
    this.cells = setup.grid.cells;
    this.nx = setup.grid.nx;
    this.dx = setup.grid.dx;
    this.dt = setup.dt;
    const F = (this.fieldCount = spec.fields.length);
    this.sources = new Array<Float32Array | null>(F).fill(null);
    this.uptakes = new Array<Float32Array | null>(F).fill(null);
    this.sourceUsed = new Array<boolean>(F).fill(false);
    this.uptakeUsed = new Array<boolean>(F).fill(false);
    const fi = setup.model.compiled.fieldIndex;
    this.carrier = spec.dosing && setup.dosing.carrierRelease > 0 ? fi[spec.dosing.carrierField] : -1;
    this.exosomes = spec.dosing ? fi[spec.dosing.exosomeField] : -1;
    this.agentJobs = agentJobsOf(setup, scales);
    const read = (kind: AgentJob['kind']) => (f: number) => !this.agentJobs.some((j) => j.field === f && j.kind === kind);
    const all = Array.from({ length: F }, (_, f) => f);
    this.unread = { secretion: all.filter(read('source')), clearance: all.filter(read('uptake')) };
  }

  /** The source array of a field for this step (field unit/min), zeroed on first use in the step. */
  source(field: number): Float32Array {
    return this.term(this.sources, this.sourceUsed, field, 'source', true);
  }

  /** The uptake array of a field for this step (1/min), zeroed on first use in the step. */
  uptake(field: number): Float32Array {
    return this.term(this.uptakes, this.uptakeUsed, field, 'uptake', true);
  }

  /**
   * A field's source or uptake array for this step, allocated on first need and marked used; zeroed on first
   * use in the step when `zero`, else left as it is (the caller writes every voxel).
   */
  private term(arrays: (Float32Array | null)[], used: boolean[], field: number, kind: 'source' | 'uptake', zero: boolean): Float32Array {
    let a = arrays[field];
    if (!a) a = arrays[field] = this.allocate(field, kind, this.cells);
    if (!used[field]) {
      if (zero) a.fill(0);
      used[field] = true;
    }
    return a;
  }

  /** The source a solver gets this step (field unit/min), or null when the field has none. */
  sourceFor(field: number): Float32Array | null {
    return this.sourceUsed[field] ? this.sources[field] : null;
  }

  /** The uptake a solver gets this step (1/min), or null when the field has none. */
  uptakeFor(field: number): Float32Array | null {
    return this.uptakeUsed[field] ? this.uptakes[field] : null;
  }

  /** Views (field units) of each field in a packed field·cells array, cached per array. */
  viewsOf(fields: Float32Array): Float32Array[] {
    if (this.viewedArray !== fields) {
      const cells = this.cells;
      this.views = Array.from({ length: this.fieldCount }, (_, f) => fields.subarray(f * cells, (f + 1) * cells));
      this.viewedArray = fields;
    }
    return this.views;
  }

  /**
   * Builds this step's terms from the accumulators (fixed point), the voxel rules and carrier release.
   * With `consume` it zeroes the accumulators (those of the jobs as it reads them, then the rest, unless
   * `touched` lists the only voxels that can be non-zero); otherwise it leaves them as they are.
   */
  build(fields: Float32Array, secretion: Int32Array, clearance: Int32Array, consume = false, touched: TouchedVoxels | null = null): void {
    this.begin(fields);
    for (const job of this.agentJobs) this.agentTerm(job, secretion, clearance, consume, touched);
    if (consume && !touched) this.zeroUnread(secretion, clearance);
    this.finish();
  }

  /**
   * Zeroes the accumulator ranges no agent-sum job reads (fields no agent secretes, or clears). Agents
   * only write the ranges of fields with a positive maximum rate, so for the backend's own accumulators
   * these stay zero and this is needed only for arrays from elsewhere (tests).
   */
  zeroUnread(secretion: Int32Array, clearance: Int32Array): void {
    const cells = this.cells;
    for (const f of this.unread.secretion) secretion.fill(0, f * cells, (f + 1) * cells);
    for (const f of this.unread.clearance) clearance.fill(0, f * cells, (f + 1) * cells);
  }

  /** Starts a step's terms over the packed fields: no source or uptake array holds terms yet. */
  begin(fields: Float32Array): void {
    this.fields = fields;
    this.sourceUsed.fill(false);
    this.uptakeUsed.fill(false);
  }

  /**
   * Writes one agent-sum job's terms (the array's first terms of the step: written, not added to zeros,
   * 0 + x = x) and marks the array used; with `consume` zeroes the accumulator values it read. With
   * `touched` (collected) it reads only the listed voxels (see agentTerms).
   */
  agentTerm(job: AgentJob, secretion: Int32Array, clearance: Int32Array, consume: boolean, touched: TouchedVoxels | null = null): void {
    const dst = this.markAgentTerm(job);
    const acc = job.kind === 'source' ? secretion : clearance;
    if (touched) agentTermsListed(dst, acc, job.field * this.cells, job.factor, consume, touched.list, touched.count);
    else agentTerms(dst, acc, job.field * this.cells, job.factor, consume);
  }

  /** Marks an agent-sum job's array used for the step without writing it (another thread writes it); returns it. */
  markAgentTerm(job: AgentJob): Float32Array {
    return job.kind === 'source'
      ? this.term(this.sources, this.sourceUsed, job.field, 'source', false)
      : this.term(this.uptakes, this.uptakeUsed, job.field, 'uptake', false);
  }

  /** The voxel rules and carrier release, after every agent-sum job of the step. */
  finish(): void {
    const cells = this.cells;
    const views = this.viewsOf(this.fields);
    this.setup.rules.voxelExchange?.(this);
    if (this.carrier >= 0) {
      const rate = this.setup.dosing.carrierRelease;
      const held = views[this.carrier];
      const into = this.source(this.exosomes);
      const out = this.uptake(this.carrier);
      for (let c = 0; c < cells; c++) {
        into[c] += rate * held[c];
        out[c] += rate;
      }
    }
  }
}

/**
 * One agent-sum conversion: the accumulated fixed-point quanta (acc, field·cells + cell) of one field times
 * `factor` (1/(voxel volume·scale)) into dst (field unit/min or 1/min); with consume, zeroes what it read.
 */
export function agentTerms(dst: Float32Array, acc: Int32Array, offset: number, factor: number, consume: boolean): void {
  const n = dst.length;
  let c = 0;
  // Four at a time: the int → float conversions then overlap (about 1.5× faster in V8 than one at a time).
  for (; c + 3 < n; c += 4) {
    const k = offset + c;
    const a = acc[k];
    const b = acc[k + 1];
    const d = acc[k + 2];
    const e = acc[k + 3];
    dst[c] = a * factor;
    dst[c + 1] = b * factor;
    dst[c + 2] = d * factor;
    dst[c + 3] = e * factor;
  }
  for (; c < n; c++) dst[c] = acc[offset + c] * factor;
  if (consume) acc.fill(0, offset, offset + n);
}

/**
 * agentTerms where only the `count` voxels of `list` can hold non-zero quanta: dst is filled with 0 (what
 * 0·factor gives) and the listed voxels converted; with consume, those are zeroed.
 */
export function agentTermsListed(dst: Float32Array, acc: Int32Array, offset: number, factor: number, consume: boolean, list: Int32Array, count: number): void {
  dst.fill(0);
  for (let q = 0; q < count; q++) {
    const v = list[q];
    dst[v] = acc[offset + v] * factor;
    if (consume) acc[offset + v] = 0;
  }
}

/** The field phase on one thread (the default: library, browser, tests). */
export class FieldStepper implements FieldPhase {
  readonly threads = 1;
  private readonly solvers: FieldSolver[];
  private readonly exchange: FieldExchange;

  constructor(setup: RunSetup, scales: ExchangeScales) {
    this.solvers = fieldSolverOptions(setup).map((o) => createFieldSolver(o));
    this.exchange = new FieldExchange(setup, scales);
  }

  /** Advances all fields (packed field·cells) by one step and zeroes the accumulators (FieldPhase.step). */
  step(fields: Float32Array, secretion: Int32Array, clearance: Int32Array, touched: TouchedVoxels | null = null): void {
    const x = this.exchange;
    touched?.collect();
    x.build(fields, secretion, clearance, true, touched);
    const views = x.viewsOf(fields);
    for (let f = 0; f < this.solvers.length; f++) this.solvers[f].step(views[f], x.sourceFor(f), x.uptakeFor(f));
  }

  /** Nothing to release. */
  dispose(): void {}
}
