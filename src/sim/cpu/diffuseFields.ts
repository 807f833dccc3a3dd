/**
 * Phase diffuseFields: turns the step's fixed-point secretion and clearance sums into per-voxel source
 * (field unit/min) and uptake (1/min) rates, divided by the voxel volume (dx²·depth), and advances every
 * field one step with its solver (implicit diffusion for diffusing fields, exact local reaction for
 * structural ones; fieldSolver.ts). Then it clears the accumulators.
 */
import type { CompiledModel } from '../../model/compile.ts';
import type { ParameterValues } from '../../model/rules.ts';
import type { ExchangeScales } from '../fixedPoint.ts';
import type { Grid } from '../grid.ts';
import { createFieldSolver, type FieldSolver } from './fieldSolver.ts';

export class FieldStepper {
  private readonly solvers: FieldSolver[];
  private readonly source: Float32Array;
  private readonly uptake: Float32Array;
  /** Views of each field in the packed array (made once per array). */
  private views: Float32Array[] = [];
  private viewsOf: Float32Array | null = null;
  /** Per field: does any cell type secrete into / take up from it. */
  private readonly secreted: boolean[];
  private readonly takenUp: boolean[];

  constructor(
    compiled: CompiledModel,
    values: ParameterValues,
    private readonly grid: Grid,
    dt: number,
    private readonly scales: ExchangeScales,
  ) {
    this.solvers = compiled.spec.fields.map((field) =>
      createFieldSolver({
        nx: grid.nx,
        ny: grid.ny,
        dx: grid.dx,
        D: field.diffusion ? values.get(`${field.name}.diffusion`)! : 0,
        decay: values.get(`${field.name}.decay`)!,
        boundary: field.boundary,
        dt,
      }),
    );
    this.source = new Float32Array(grid.cells);
    this.uptake = new Float32Array(grid.cells);
    this.secreted = compiled.spec.fields.map((_, k) => scales.secretionMax[k] > 0);
    this.takenUp = compiled.spec.fields.map((_, k) => scales.clearanceMax[k] > 0);
  }

  /** Advances all fields (packed field·cells) by one step and zeroes the accumulators. */
  step(fields: Float32Array, secretion: Int32Array, clearance: Int32Array): void {
    const cells = this.grid.cells;
    const perVolume = 1 / this.grid.voxelVolume;
    if (this.viewsOf !== fields) {
      this.views = this.solvers.map((_, f) => fields.subarray(f * cells, (f + 1) * cells));
      this.viewsOf = fields;
    }
    for (let f = 0; f < this.solvers.length; f++) {
      const off = f * cells;
      let source: Float32Array | null = null;
      let uptake: Float32Array | null = null;
      if (this.secreted[f]) {
        const k = perVolume / this.scales.secretionScale[f];
        for (let c = 0; c < cells; c++) this.source[c] = secretion[off + c] * k;
        source = this.source;
      }
      if (this.takenUp[f]) {
        const k = perVolume / this.scales.clearanceScale[f];
        for (let c = 0; c < cells; c++) this.uptake[c] = clearance[off + c] * k;
        uptake = this.uptake;
      }
      this.solvers[f].step(this.views[f], source, uptake);
    }
    secretion.fill(0);
    clearance.fill(0);
  }
}
