/**
 * What the CPU phase kernels share during a run: layout offsets, phenotype tables, per-type taxis lists,
 * the grid, the rules, the RNG keys of the current step and an AgentView for the model's rules.
 */
import type { AgentLayout } from '../../model/agentLayout.ts';
import type { AgentView, ArmContext, BoundRules } from '../../model/rules.ts';
import type { Grid } from '../grid.ts';
import { voxelAt } from '../grid.ts';
import { PatchVoxels } from './patchVoxels.ts';
import type { PhenotypeTables } from '../phenotypeTables.ts';
import type { RunSetup } from '../runSetup.ts';
import { pcg4d } from '../rng.ts';

export interface Offsets {
  id: number;
  type: number;
  state: number;
  x: number;
  y: number;
  dirX: number;
  dirY: number;
  age: number;
  cycle: number;
}

/** Fields each type follows up the gradient (chemotaxis and haptotaxis), with their biases. */
export interface TaxisLists {
  fields: Int32Array[];
  biases: Float64Array[];
  /** 1 - sum of the biases' magnitudes, clamped at 0: the weight of the random direction. */
  randomWeight: Float64Array;
}

export class KernelContext implements AgentView {
  readonly off: Readonly<Record<string, number>>;
  readonly o: Offsets;
  readonly stride: number;
  readonly taxis: TaxisLists;
  /** Fields each type secretes into or takes up (indices), for the secretion phase. */
  readonly exchangeFields: Int32Array[];
  /** Pairwise repulsion and adhesion coefficients (geometric means), typeA·types + typeB, µm/min. */
  readonly repulsionPair: Float64Array;
  readonly adhesionPair: Float64Array;
  /** Probability of a random turn per step, 1 - exp(-dt/persistence), by type. */
  readonly turnProbability: Float64Array;
  f: Float32Array = new Float32Array(0);
  u: Uint32Array = new Uint32Array(0);
  fields: Float32Array = new Float32Array(0);
  seed = 0;
  step = 0;
  private readonly words = new Uint32Array(4);
  /** Voxels per field. */
  private readonly cells: number;
  /** The position (µm) sample() last located and its voxel (a pure function of the position). */
  private sampledX = Number.NaN;
  private sampledY = Number.NaN;
  private sampledVoxel = 0;
  /** Scratch patch of the cell being handled (depositExchange, patchMean). */
  readonly patch = new PatchVoxels();

  /** Fraction of each field that cells sense (1 - neutralised fraction; ArmContext). */
  readonly availability: Float64Array;
  /** Per type: (field, clearance µm³/min × unit scale, variable offset) of uptakes the cell keeps as an internal amount. */
  readonly internalize: { field: number; clearance: number; offset: number }[][];
  /** Offsets and values of clamped pathway nodes (inhibitors). */
  readonly clampOffsets: Int32Array;
  readonly clampValues: Float64Array;

  constructor(
    layout: AgentLayout,
    readonly tables: PhenotypeTables,
    readonly grid: Grid,
    readonly rules: BoundRules,
    readonly dt: number,
    arm: ArmContext,
    internalize: { field: number; clearance: number; offset: number }[][],
  ) {
    this.availability = arm.availability;
    this.cells = grid.cells;
    this.internalize = internalize;
    this.clampOffsets = Int32Array.from([...arm.clamps.keys()].map((name) => layout.offset[name]));
    this.clampValues = Float64Array.from(arm.clamps.values());
    this.off = layout.offset;
    const o = layout.offset;
    this.o = { id: o.id, type: o.cellType, state: o.cellState, x: o.x, y: o.y, dirX: o.dirX, dirY: o.dirY, age: o.age, cycle: o.cycle };
    this.stride = layout.stride;
    const T = tables.types;
    const F = tables.fields;
    const fields: Int32Array[] = [];
    const biases: Float64Array[] = [];
    const randomWeight = new Float64Array(T);
    const exchange: Int32Array[] = [];
    for (let t = 0; t < T; t++) {
      const fl: number[] = [];
      const bl: number[] = [];
      const ex: number[] = [];
      let sum = 0;
      for (let k = 0; k < F; k++) {
        const b = tables.taxisBias[t * F + k];
        if (b !== 0) {
          fl.push(k);
          bl.push(b);
          sum += Math.abs(b);
        }
        if (tables.secretion[t * F + k] > 0 || tables.clearance[t * F + k] > 0) ex.push(k);
      }
      fields.push(Int32Array.from(fl));
      biases.push(Float64Array.from(bl));
      randomWeight[t] = Math.max(0, 1 - sum);
      exchange.push(Int32Array.from(ex));
    }
    this.taxis = { fields, biases, randomWeight };
    this.exchangeFields = exchange;
    this.repulsionPair = new Float64Array(T * T);
    this.adhesionPair = new Float64Array(T * T);
    this.turnProbability = new Float64Array(T);
    for (let a = 0; a < T; a++) {
      this.turnProbability[a] = 1 - Math.exp(-dt * tables.turnRate[a]);
      for (let b = 0; b < T; b++) {
        this.repulsionPair[a * T + b] = Math.sqrt(tables.repulsion[a] * tables.repulsion[b]);
        this.adhesionPair[a * T + b] = Math.sqrt(tables.adhesion[a] * tables.adhesion[b]);
      }
    }
  }

  /** The context of a run: its layout, rules, time step, arm and the uptakes its cell types internalize. */
  static forRun(setup: RunSetup, tables: PhenotypeTables): KernelContext {
    const compiled = setup.model.compiled;
    const internalize = compiled.spec.cellTypes.map((cell, t) =>
      (cell.phenotype.uptake ?? [])
        .filter((up) => up.internalize !== undefined)
        .map((up) => {
          const field = compiled.fieldIndex[up.field];
          const keep = up.internalize!;
          return { field, clearance: tables.clearance[t * tables.fields + field] * keep.scale, offset: compiled.layout.offset[keep.variable] };
        }),
    );
    return new KernelContext(compiled.layout, tables, setup.grid, setup.rules, setup.dt, setup.armContext, internalize);
  }

  /** Points the context at the buffer being written and the current fields. */
  bind(f: Float32Array, u: Uint32Array, fields: Float32Array, seed: number, step: number): void {
    this.f = f;
    this.u = u;
    this.fields = fields;
    this.seed = seed;
    this.step = step;
  }

  /** Field `field` in the voxel under (x, y) µm, as cells sense it (times its availability). */
  sample(field: number, x: number, y: number): number {
    // Rules sample several fields at one position in a row: the voxel of the last position is kept.
    if (x !== this.sampledX || y !== this.sampledY) {
      this.sampledVoxel = voxelAt(this.grid, x, y);
      this.sampledX = x;
      this.sampledY = y;
    }
    return this.fields[field * this.cells + this.sampledVoxel] * this.availability[field];
  }

  /** Mean of field `field` over the patch of radius µm around (x, y) (patchVoxels.ts), as cells sense it. */
  patchMean(field: number, x: number, y: number, radius: number): number {
    const n = this.patch.collect(this.grid, x, y, radius);
    const voxels = this.patch.indices;
    const offset = field * this.grid.cells;
    let sum = 0;
    for (let q = 0; q < n; q++) sum += this.fields[offset + voxels[q]];
    return (sum / n) * this.availability[field];
  }

  /** Four random words for (seed, step, id, stream); the array is reused by the next call. */
  random(id: number, stream: number): Uint32Array {
    return pcg4d(this.seed, this.step, id, stream, this.words);
  }
}
