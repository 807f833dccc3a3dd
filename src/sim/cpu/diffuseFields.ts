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

/** Allocates the source or uptake array (`cells` values) of a field: plain memory, or memory shared with a worker. */
export type TermAllocator = (field: number, kind: 'source' | 'uptake', cells: number) => Float32Array;

const plainTerms: TermAllocator = (_field, _kind, cells) => new Float32Array(cells);

/** The field-solve phase as the backend drives it (one thread or two). */
export interface FieldPhase {
  /** Threads that solve fields (1 or 2). */
  readonly threads: number;
  /** Advances all fields (packed field·cells, field units) by one step dt (min) and zeroes the accumulators. */
  step(fields: Float32Array, secretion: Int32Array, clearance: Int32Array): void;
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

  constructor(
    private readonly setup: RunSetup,
    private readonly scales: ExchangeScales,
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

  /** Builds this step's terms from the accumulators (fixed point), the voxel rules and carrier release; leaves the accumulators as they are. */
  build(fields: Float32Array, secretion: Int32Array, clearance: Int32Array): void {
    const cells = this.cells;
    const perVolume = 1 / this.setup.grid.voxelVolume;
    const views = this.viewsOf(fields);
    this.fields = fields;
    this.sourceUsed.fill(false);
    this.uptakeUsed.fill(false);

    // The agent sums are each array's first terms of the step: written, not added to zeros (0 + x = x).
    for (let f = 0; f < this.fieldCount; f++) {
      const off = f * cells;
      if (this.scales.secretionMax[f] > 0) {
        const s = this.term(this.sources, this.sourceUsed, f, 'source', false);
        const k = perVolume / this.scales.secretionScale[f];
        for (let c = 0; c < cells; c++) s[c] = secretion[off + c] * k;
      }
      if (this.scales.clearanceMax[f] > 0) {
        const a = this.term(this.uptakes, this.uptakeUsed, f, 'uptake', false);
        const k = perVolume / this.scales.clearanceScale[f];
        for (let c = 0; c < cells; c++) a[c] = clearance[off + c] * k;
      }
    }
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

/** The field phase on one thread (the default: library, browser, tests). */
export class FieldStepper implements FieldPhase {
  readonly threads = 1;
  private readonly solvers: FieldSolver[];
  private readonly exchange: FieldExchange;

  constructor(setup: RunSetup, scales: ExchangeScales) {
    this.solvers = fieldSolverOptions(setup).map((o) => createFieldSolver(o));
    this.exchange = new FieldExchange(setup, scales);
  }

  /** Advances all fields (packed field·cells) by one step and zeroes the accumulators. */
  step(fields: Float32Array, secretion: Int32Array, clearance: Int32Array): void {
    const x = this.exchange;
    x.build(fields, secretion, clearance);
    const views = x.viewsOf(fields);
    for (let f = 0; f < this.solvers.length; f++) this.solvers[f].step(views[f], x.sourceFor(f), x.uptakeFor(f));
    secretion.fill(0);
    clearance.fill(0);
  }

  /** Nothing to release. */
  dispose(): void {}
}
